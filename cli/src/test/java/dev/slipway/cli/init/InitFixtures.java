package dev.slipway.cli.init;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The sample projects under {@code fixtures/init/} at the repository root. */
public final class InitFixtures {

  private InitFixtures() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("fixtures/init"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      fail("cannot find fixtures/init above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("fixtures/init");
  }

  public static Path of(String name) {
    return root().resolve(name);
  }
}
