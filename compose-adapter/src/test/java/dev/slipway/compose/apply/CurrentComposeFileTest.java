package dev.slipway.compose.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurrentComposeFileTest {

  @TempDir Path work;

  @Test
  void write_noStateDirectoryYet_createdWithTheFileAlone() throws IOException {
    Path stateDir = work.resolve(".slipway/state/dev");

    Path file = CurrentComposeFile.write(stateDir, "services: {}\n");

    assertEquals(stateDir.resolve("compose.yaml"), file);
    assertEquals("services: {}\n", Files.readString(file));
    assertEquals(List.of("compose.yaml"), names(stateDir));
  }

  /**
   * A reader that opened the old file (here: a second link to it) still sees all of it: the new
   * content went to another file that replaced it by rename, not into the old one.
   */
  @Test
  void write_fileThere_replacedByRenameNotRewrittenInPlace() throws IOException {
    Path file = CurrentComposeFile.write(work, "services:\n  web: {image: web:1}\n");
    Path reader = work.resolve("reader");
    Files.createLink(reader, file);
    Object before = Files.getAttribute(file, "unix:ino");

    CurrentComposeFile.write(work, "services:\n  web: {image: web:2}\n");

    assertEquals("services:\n  web: {image: web:2}\n", Files.readString(file));
    assertEquals("services:\n  web: {image: web:1}\n", Files.readString(reader));
    assertNotEquals(before, Files.getAttribute(file, "unix:ino"));
    assertEquals(List.of("compose.yaml", "reader"), names(work));
  }

  @Test
  void write_renameFails_oldLeftAsItWasAndNoPartialFile() throws IOException {
    // A directory with something in it where the file goes: no rename can replace it.
    Files.createDirectories(work.resolve("compose.yaml"));
    Files.writeString(work.resolve("compose.yaml/keep"), "x");

    UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> CurrentComposeFile.write(work, "services: {}\n"));

    assertEquals("cannot write " + work.resolve("compose.yaml"), failure.getMessage());
    assertEquals(List.of("compose.yaml"), names(work));
    assertTrue(Files.isDirectory(work.resolve("compose.yaml")));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
