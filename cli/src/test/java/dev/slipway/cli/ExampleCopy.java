package dev.slipway.cli;

import dev.slipway.core.testing.ContainerTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A private copy of an example for a test to build, deploy and change, without state of earlier runs. */
final class ExampleCopy {

  private ExampleCopy() {}

  /** Copies {@code examples/NAME} into {@code into/NAME}, leaving out .slipway/ and build/; returns the copy. */
  static Path of(String name, Path into) throws IOException {
    return copy(ContainerTools.repositoryRoot().resolve("examples").resolve(name), into);
  }

  /** Copies {@code fixtures/GROUP/NAME} (given as {@code GROUP/NAME}) into {@code into/NAME}, as {@link #of} does. */
  static Path ofFixture(String groupAndName, Path into) throws IOException {
    return copy(ContainerTools.repositoryRoot().resolve("fixtures").resolve(groupAndName), into);
  }

  private static Path copy(Path example, Path into) throws IOException {
    Path project = into.resolve(example.getFileName().toString());
    try (Stream<Path> files = Files.walk(example)) {
      for (Path file : files.toList()) {
        String relative = example.relativize(file).toString();
        if (relative.startsWith(".slipway") || relative.startsWith("build")) {
          continue;
        }
        Path copy = project.resolve(relative);
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return project;
  }
}
