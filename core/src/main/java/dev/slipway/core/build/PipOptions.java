package dev.slipway.core.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where pip looks for distributions. Empty means pip's own defaults, which also honour {@code
 * PIP_INDEX_URL}, {@code PIP_FIND_LINKS} and {@code PIP_NO_INDEX} from the environment.
 *
 * @param findLinks directories or URLs of wheels; relative directories are resolved against the
 *     project directory before they get here
 */
public record PipOptions(Optional<String> indexUrl, List<String> findLinks, boolean noIndex) {

  public static final PipOptions DEFAULTS = new PipOptions(Optional.empty(), List.of(), false);

  public PipOptions {
    findLinks = List.copyOf(findLinks);
  }

  /** Where pip looks, as a user would name it in a message. */
  String describeIndex() {
    if (noIndex) {
      return findLinks.isEmpty() ? "no index (--no-index)" : "the wheelhouse " + String.join(", ", findLinks);
    }
    String index = indexUrl.or(() -> Optional.ofNullable(System.getenv("PIP_INDEX_URL")).filter(u -> !u.isBlank())).orElse("https://pypi.org/simple");
    return index + (findLinks.isEmpty() ? "" : " (and " + String.join(", ", findLinks) + ")");
  }

  List<String> arguments() {
    List<String> args = new ArrayList<>();
    indexUrl.ifPresent(url -> args.addAll(List.of("--index-url", url)));
    findLinks.forEach(link -> args.addAll(List.of("--find-links", link)));
    if (noIndex) {
      args.add("--no-index");
    }
    return args;
  }
}
