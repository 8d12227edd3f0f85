package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.testing.ContainerTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection with the real docker CLI and podman, each alone on a PATH of its own. */
class ContainerEngineIT {

  @TempDir Path bin;

  @Test
  void find_dockerCliWithNoDaemonBehindIt_isNoEngine() throws IOException {
    ContainerTools.require("docker");
    Files.createSymbolicLink(bin.resolve("docker"), ContainerTools.find("docker"));

    Optional<ContainerEngine> engine =
        ContainerEngine.find(Map.of("PATH", bin.toString(), "DOCKER_HOST", "unix://" + bin.resolve("no-daemon.sock")));

    assertEquals(Optional.empty(), engine);
  }

  @Test
  void find_podman_isAnEngineWithoutADaemon() throws IOException {
    ContainerTools.require("podman");
    Files.createSymbolicLink(bin.resolve("podman"), ContainerTools.find("podman"));

    Optional<ContainerEngine> engine = ContainerEngine.find(Map.of("PATH", bin.toString()));

    assertEquals(Optional.of("podman"), engine.map(ContainerEngine::name));
  }

  @Test
  void find_none_turnsEngineUseOff() {
    assertEquals(Optional.empty(), ContainerEngine.find(Map.of("SLIPWAY_ENGINE", "none", "PATH", System.getenv("PATH"))));
  }
}
