package dev.slipway.core.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Everything a target renders for one environment, in a stable order. */
public record Rendering(List<RenderedFile> files) {
  public Rendering {
    files = List.copyOf(files);
  }

  public void writeTo(Path directory) {
    try {
      for (RenderedFile file : files) {
        Path destination = directory.resolve(file.path());
        Files.createDirectories(destination.getParent());
        Files.writeString(destination, file.content(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write rendered files to " + directory + ": " + e.getMessage(), e);
    }
  }
}
