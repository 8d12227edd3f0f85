package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real engine of the Compose deploy tests: podman behind its Docker-compatible socket (started
 * here and stopped by PID), the real Compose v2 CLI, a local registry and the Debian-built Python
 * base image in it. One per test class; Slipway runs in process against it.
 */
final class ComposeEngine implements AutoCloseable {

  private final LocalRegistry registry;
  private final String baseImage;
  private final Process podmanService;
  private final Path socket;

  private ComposeEngine(LocalRegistry registry, String baseImage, Process podmanService, Path socket) {
    this.registry = registry;
    this.baseImage = baseImage;
    this.podmanService = podmanService;
    this.socket = socket;
  }

  /** Fails (never skips) when SLIPWAY_REQUIRE_CONTAINERS=1 and a tool is missing, as every container test. */
  static ComposeEngine start() throws IOException, InterruptedException {
    ContainerTools.require("podman", "docker-registry", "skopeo", "mmdebstrap");
    LocalRegistry registry = LocalRegistry.start();
    String base = PythonFixtures.baseImageIn(registry);
    Path socket = Files.createTempDirectory("slipway-podman-").resolve("podman.sock");
    Process service = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    ComposeEngine engine = new ComposeEngine(registry, base, service, socket);
    try {
      for (int i = 0; i < 100 && !Files.exists(socket); i++) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(socket), "podman system service did not open " + socket);
      // Compose v2, as `docker compose` or standalone (scripts/setup-containers installs it); Slipway finds it itself.
      boolean composeV2 =
          (ContainerTools.find("docker") != null && ContainerTools.run(List.of("docker", "compose", "version")).contains(" 2."))
              || (ContainerTools.find("docker-compose") != null && ContainerTools.run(List.of("docker-compose", "version")).contains(" 2."));
      assertTrue(composeV2, "needs Compose v2 (docker compose, or docker-compose 2.x): run scripts/setup-containers");
      return engine;
    } catch (RuntimeException | Error | InterruptedException e) {
      engine.close();
      throw e;
    }
  }

  /** The Python base image, in the registry: {@code --set baseImage=...}. */
  String baseImage() {
    return baseImage;
  }

  LocalRegistry registry() {
    return registry;
  }

  /** The process environment with DOCKER_HOST on this engine's socket, then the overrides. */
  Map<String, String> environment(Map<String, String> overrides) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("DOCKER_HOST", "unix://" + socket);
    environment.putAll(overrides);
    return environment;
  }

  /**
   * A third-party image built from Debian packages (Docker Hub is out of reach here) by
   * scripts/build-debian-image and loaded into podman as {@code localhost/slipway/NAME}; returns
   * that reference. Cached per machine by the script.
   */
  static String debianImage(String name, String packages, String command, String... filesDir) {
    Path scripts = ContainerTools.repositoryRoot().resolve("scripts");
    List<String> build = new ArrayList<>(List.of(scripts.resolve("build-debian-image").toString(), name, packages, command));
    for (String dir : filesDir) {
      build.add(scripts.resolve(dir).toString());
    }
    String tar = ContainerTools.run(build).strip().lines().reduce((a, b) -> b).orElseThrow();
    ContainerTools.run(List.of("podman", "load", "-q", "-i", tar));
    return "localhost/slipway/" + name;
  }

  /** Runs {@code slipway ARGS} in process against this engine. */
  SlipwayRun slipway(Map<String, String> environmentOverrides, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), environment(environmentOverrides)))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new SlipwayRun(exit, out.toString(), err.toString());
  }

  /** What a command exited with and printed. */
  record SlipwayRun(int exit, String out, String err) {
    String both() {
      return out + err;
    }
  }

  @Override
  public void close() throws InterruptedException {
    podmanService.destroy();
    if (!podmanService.waitFor(10, TimeUnit.SECONDS)) {
      podmanService.destroyForcibly();
    }
    registry.close();
  }
}
