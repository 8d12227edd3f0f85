package dev.slipway.compose.apply;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
    Path partial = stateDir.resolve(NAME + ".partial");
    try {
      Files.createDirectories(stateDir);
      try (FileChannel channel = FileChannel.open(partial, CREATE, TRUNCATE_EXISTING, WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(partial, file, REPLACE_EXISTING, ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
