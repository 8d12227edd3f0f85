package dev.slipway.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small source trees for tests. */
public final class TestFiles {

  private TestFiles() {}

  /** Writes {@code content} to {@code root/relative}, creating parent directories. */
  public static Path write(Path root, String relative, String content) {
    Path file = root.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
