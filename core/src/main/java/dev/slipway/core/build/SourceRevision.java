package dev.slipway.core.build;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The git revision a build comes from, for image tags and OCI labels. Outside a git checkout
 * there is none, and the image's creation time is the epoch, so builds stay reproducible.
 *
 * @param shortSha the abbreviated commit, with {@code -dirty} when the work tree has changes
 * @param commitTime the commit's time: the image's creation time, the same on every machine
 * @param sourceUrl where the source can be browsed, from the {@code origin} remote (see {@link #sourceUrl(String)})
 */
public record SourceRevision(String shortSha, Instant commitTime, Optional<String> sourceUrl) {

  /** {@code [user@]host:path}, git's scp-like form; not with a slash after the colon, which a Windows path has ({@code C:/src}). */
  private static final Pattern SCP_LIKE = Pattern.compile("(?:[^@/\\s]+@)?(?<host>[A-Za-z0-9][A-Za-z0-9.-]*):(?!/)(?<path>[A-Za-z0-9._~/-]+)");

  public static Optional<SourceRevision> of(Path directory) {
    try {
      ProcessResult sha = git(directory, "rev-parse", "--short=12", "HEAD");
      if (sha.exitCode() != 0) {
        return Optional.empty();
      }
      boolean dirty = !git(directory, "status", "--porcelain", "--untracked-files=no").output().isBlank();
      long seconds = Long.parseLong(git(directory, "log", "-1", "--format=%ct").output().strip());
      ProcessResult remote = git(directory, "config", "--get", "remote.origin.url");
      return Optional.of(
          new SourceRevision(
              sha.output().strip() + (dirty ? "-dirty" : ""),
              Instant.ofEpochSecond(seconds),
              remote.exitCode() == 0 ? sourceUrl(remote.output()) : Optional.empty()));
    } catch (IOException | NumberFormatException e) {
      // No git on this machine, or not a checkout: the build simply carries no revision.
      return Optional.empty();
    }
  }

  /**
   * A git remote as a URL for the image's {@code org.opencontainers.image.source} label. The
   * scp-like and ssh forms become the https address of the same host and path; http(s) ones lose
   * their credentials, since a token in a remote must never reach an image anyone can pull; local
   * paths, file:// and other schemes give none, as they mean nothing on another machine. A
   * trailing {@code .git} goes too, so every clone of one repository labels its images alike.
   */
  public static Optional<String> sourceUrl(String remote) {
    String text = remote.strip();
    Matcher scp = SCP_LIKE.matcher(text);
    if (scp.matches()) {
      return Optional.of(url("https", scp.group("host"), -1, scp.group("path")));
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return Optional.empty();
    }
    return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
      case "http" -> Optional.of(url("http", uri.getHost(), uri.getPort(), uri.getRawPath()));
      case "https" -> Optional.of(url("https", uri.getHost(), uri.getPort(), uri.getRawPath()));
      // The port of an ssh remote is the ssh server's, not the web server's.
      case "ssh" -> Optional.of(url("https", uri.getHost(), -1, uri.getRawPath()));
      default -> Optional.empty();
    };
  }

  private static String url(String scheme, String host, int port, String path) {
    String repository = path.replaceAll("/+$", "").replaceAll("\\.git$", "");
    return scheme + "://" + host + (port > 0 ? ":" + port : "") + (repository.startsWith("/") ? "" : "/") + repository;
  }

  private static ProcessResult git(Path directory, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
    command.addAll(List.of(args));
    return ProcessResult.run(command, directory, Duration.ofMinutes(1));
  }
}
