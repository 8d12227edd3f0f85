package dev.slipway.compose.apply;

import dev.slipway.core.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file Compose applies now: {@code compose.yaml} in the environment's state directory, which
 * status and logs name to Compose as well.
 */
final class CurrentComposeFile {

  private static final String NAME = "compose.yaml";

  private CurrentComposeFile() {}

  static Path in(Path stateDir) {
    return stateDir.resolve(NAME);
  }

  /**
   * Replaces it with {@code content}: written in full beside it, forced to disk, then renamed over
   * it in one step, so that a crash leaves the old file or the new one, never part of either.
   */
  static Path write(Path stateDir, String content) {
    Path file = in(stateDir);
    try {
      Files.createDirectories(stateDir);
      AtomicFiles.write(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
