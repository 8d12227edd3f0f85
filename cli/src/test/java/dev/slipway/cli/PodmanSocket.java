package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.testing.ContainerTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Podman behind a Docker-compatible socket of its own, for the Compose CLI of a deploy test:
 * started here, stopped by its process when closed. Pass {@link #dockerHost()} as {@code
 * DOCKER_HOST}.
 */
final class PodmanSocket implements AutoCloseable {

  private final Process service;
  private final Path socket;

  private PodmanSocket(Process service, Path socket) {
    this.service = service;
    this.socket = socket;
  }

  /** Skips the test (fails it in CI) without podman; fails it without Compose v2. */
  static PodmanSocket start() throws IOException, InterruptedException {
    ContainerTools.require("podman");
    boolean composeV2 =
        (ContainerTools.find("docker") != null && ContainerTools.run(List.of("docker", "compose", "version")).contains(" 2."))
            || (ContainerTools.find("docker-compose") != null && ContainerTools.run(List.of("docker-compose", "version")).contains(" 2."));
    assertTrue(composeV2, "needs Compose v2 (docker compose, or docker-compose 2.x): run scripts/setup-containers");
    Path socket = Files.createTempDirectory("slipway-podman-").resolve("podman.sock");
    Process service = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 100 && !Files.exists(socket); i++) {
      Thread.sleep(100);
    }
    PodmanSocket started = new PodmanSocket(service, socket);
    if (!Files.exists(socket)) {
      started.close();
    }
    assertTrue(Files.exists(socket), "podman system service did not open " + socket);
    return started;
  }

  String dockerHost() {
    return "unix://" + socket;
  }

  @Override
  public void close() throws InterruptedException {
    service.destroy();
    if (!service.waitFor(10, TimeUnit.SECONDS)) {
      service.destroyForcibly();
    }
  }
}
