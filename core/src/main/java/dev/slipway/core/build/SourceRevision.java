package dev.slipway.core.build;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The git revision a build comes from, for image tags and OCI labels. Outside a git checkout
 * there is none, and the image's creation time is the epoch, so builds stay reproducible.
 *
 * @param shortSha the abbreviated commit, with {@code -dirty} when the work tree has changes
 * @param commitTime the commit's time: the image's creation time, the same on every machine
 */
public record SourceRevision(String shortSha, Instant commitTime, Optional<String> remote) {

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
              remote.exitCode() == 0 ? Optional.of(remote.output().strip()) : Optional.empty()));
    } catch (IOException | NumberFormatException e) {
      // No git on this machine, or not a checkout: the build simply carries no revision.
      return Optional.empty();
    }
  }

  private static ProcessResult git(Path directory, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
    command.addAll(List.of(args));
    return ProcessResult.run(command, directory, Duration.ofMinutes(1));
  }
}
