package dev.slipway.core.validate;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference split by the grammar of the OCI distribution reference
 * ({@code [registry[:port]/]path[:tag][@digest]}), so bad ones fail at validation, not at pull.
 */
public record ImageReference(
    Optional<String> registry, String repository, Optional<String> tag, Optional<String> digest) {

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern REFERENCE =
      Pattern.compile(
          "^(?:(?<registry>"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*(?::[0-9]+)?)/)?"
              + "(?<repository>"
              + COMPONENT
              + "(?:/"
              + COMPONENT
              + ")*)"
              + "(?::(?<tag>[\\w][\\w.-]{0,127}))?"
              + "(?:@(?<digest>sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?$");
  /** The port of a first component that is a registry: {@code host:port/}. */
  private static final Pattern REGISTRY_PORT = Pattern.compile("^[^/:]+:([0-9]+)/");
  private static final Pattern REPOSITORY_PREFIX =
      Pattern.compile(
          "^(?:(?<registry>"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*(?::[0-9]+)?)/)?(?<repository>"
              + COMPONENT
              + "(?:/"
              + COMPONENT
              + ")*)$");

  /** Parses an image reference such as {@code postgres:16} or {@code localhost:5000/shop/api@sha256:...}. */
  public static Optional<ImageReference> parse(String text) {
    if (text == null || text.length() > 255) {
      return Optional.empty();
    }
    Matcher matcher = REFERENCE.matcher(text);
    if (!matcher.matches() || portOutOfRange(text).isPresent()) {
      return Optional.empty();
    }
    String registry = matcher.group("registry");
    String repository = matcher.group("repository");
    // A first component without '.' or ':' that is not localhost is a path, as in docker.
    if (registry != null && !looksLikeRegistry(registry)) {
      repository = registry + "/" + repository;
      registry = null;
      if (!Pattern.matches(COMPONENT + "(?:/" + COMPONENT + ")*", repository)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new ImageReference(
            Optional.ofNullable(registry),
            repository,
            Optional.ofNullable(matcher.group("tag")),
            Optional.ofNullable(matcher.group("digest"))));
  }

  /** Whether {@code text} can prefix image names, as {@code registry 'localhost:5000/shop'} must. */
  public static boolean isRepositoryPrefix(String text) {
    return text != null && text.length() <= 200 && REPOSITORY_PREFIX.matcher(text).matches() && portOutOfRange(text).isEmpty();
  }

  /**
   * The registry port of a reference or repository prefix, as written, when it is outside
   * 1-65535: the grammar takes any digits, but nothing can listen at {@code localhost:0}.
   */
  public static Optional<String> portOutOfRange(String text) {
    Matcher port = REGISTRY_PORT.matcher(text);
    if (!port.find()) {
      return Optional.empty();
    }
    String digits = port.group(1);
    // More than five digits is out of range, and too long for an int.
    boolean inRange = digits.length() <= 5 && Integer.parseInt(digits) >= 1 && Integer.parseInt(digits) <= 65535;
    return inRange ? Optional.empty() : Optional.of(digits);
  }

  private static boolean looksLikeRegistry(String component) {
    return component.contains(".") || component.contains(":") || component.equals("localhost");
  }
}
