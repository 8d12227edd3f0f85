package dev.slipway.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void write_newFile_hasTheTextAndNoTemporaryFileIsLeft() throws IOException {
    Path file = dir.resolve("release.json");

    AtomicFiles.write(file, "{\"number\": 1}");

    assertEquals("{\"number\": 1}", Files.readString(file));
    assertEquals(List.of("release.json"), names());
  }

  @Test
  void write_existingFile_replacesItsContent() throws IOException {
    Path file = Files.writeString(dir.resolve("compose.yaml"), "services:\n  old: {}\n  longer than the new text\n");

    AtomicFiles.write(file, "services: {}\n".getBytes(StandardCharsets.UTF_8));

    assertArrayEquals("services: {}\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    assertEquals(List.of("compose.yaml"), names());
  }

  @Test
  void write_targetCannotBeReplaced_failsAndLeavesNoTemporaryFile() throws IOException {
    Path occupied = Files.createDirectories(dir.resolve("state"));
    Files.writeString(occupied.resolve("inside"), "x");

    assertThrows(IOException.class, () -> AtomicFiles.write(occupied, "text"));

    assertEquals(List.of("state"), names());
  }
}
