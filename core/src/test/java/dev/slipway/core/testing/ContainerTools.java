package dev.slipway.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real tools the build tests use: podman, Debian's docker-registry, skopeo. When one is
 * missing the test is skipped with the reason and the command that installs it, except where
 * {@code SLIPWAY_REQUIRE_CONTAINERS=1} (CI sets it): there a missing tool is a failure, so a CI
 * run can never pass by skipping.
 */
public final class ContainerTools {

  private ContainerTools() {}

  public static void require(String... tools) {
    List<String> missing = new ArrayList<>();
    for (String tool : tools) {
      if (find(tool) == null) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    missingTool("needs " + String.join(", ", missing) + " on PATH; install with scripts/setup-containers (as root)");
  }

  /**
   * Stops a test that lacks a container tool: a failure where {@code SLIPWAY_REQUIRE_CONTAINERS=1}
   * (CI), else a skip with the reason.
   */
  public static void missingTool(String reason) {
    if ("1".equals(System.getenv("SLIPWAY_REQUIRE_CONTAINERS"))) {
      fail(reason + " — SLIPWAY_REQUIRE_CONTAINERS=1 forbids skipping");
    }
    Assumptions.abort(reason);
  }

  /** Like {@link #require} for a file a Debian package installs. */
  public static void requireFile(Path file, String installedBy) {
    if (Files.exists(file)) {
      return;
    }
    missingTool("needs " + file + " (" + installedBy + "); install with scripts/setup-containers (as root)");
  }

  public static Path find(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs a command to completion; fails the test with its output when it fails. */
  public static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes());
      int exit = process.waitFor();
      if (exit != 0) {
        fail(String.join(" ", command) + " exited " + exit + ":\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The repository root, found from a module's working directory. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("scripts/build-base-image"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      fail("cannot find the repository root (scripts/build-base-image) above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
