package dev.slipway.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file so that a reader, or the file after a crash or power loss, shows either the old
 * content or the new, never part of either: the bytes go to a temporary file beside the target,
 * reach the disk, and are renamed over it.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code text} as UTF-8; the parent directory must exist. */
  public static void write(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The parent directory must exist. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path target = file.toAbsolutePath();
    Path directory = target.getParent();
    // Beside the target, since a rename is atomic only within one file system; a unique name so
    // that two writers of one file never share a temporary file.
    Path partial = directory.resolve(target.getFileName() + "." + UUID.randomUUID() + ".partial");
    try {
      // Synced first: without it a crash soon after the rename can leave the new name with no content.
      createSynced(partial, bytes);
      // ATOMIC_MOVE replaces an existing target on POSIX (rename) and on Windows (MoveFileEx).
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    syncDirectory(directory);
  }

  /**
   * Creates {@code file}, which must not exist, with {@code bytes} on disk before this returns:
   * the first half of a replace, or of a create-by-link (see {@code DeployLock}).
   */
  public static void createSynced(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  /** Makes the rename itself durable; some platforms (Windows) cannot open a directory for this. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException unsupported) {
      // The file is in place either way; only its survival of a power loss right now is less certain.
    }
  }
}
