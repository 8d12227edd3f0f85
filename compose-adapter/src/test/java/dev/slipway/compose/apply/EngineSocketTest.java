package dev.slipway.compose.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.target.TargetFailure;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order in which the engine's socket is found, against sockets served by {@link
 * FakeEngineApi} and docker CLI configuration in a temporary home. Starting podman's service is
 * end-to-end ({@code EngineDiscoveryIT} in the cli module): here podman is never on the path.
 */
class EngineSocketTest {

  @TempDir Path work;

  /** The well-known sockets of a machine, all absent until a test serves one. */
  private EngineSocket.Places places() {
    return new EngineSocket.Places(List.of(work.resolve("var/run/docker.sock"), work.resolve("run/podman/podman.sock"),
        work.resolve("run/user/1000/podman/podman.sock")), Optional.empty(), work);
  }

  private Map<String, String> home(String... more) {
    Map<String, String> environment = new java.util.HashMap<>(Map.of("HOME", work.resolve("home").toString(), "PATH", "/nonexistent"));
    for (int i = 0; i < more.length; i += 2) {
      environment.put(more[i], more[i + 1]);
    }
    return environment;
  }

  @Test
  void find_dockerHostAnswers_usesItAsGiven_andNamesTheEngine() throws IOException {
    try (FakeEngineApi engine = FakeEngineApi.at(work.resolve("custom/podman.sock"), FakeEngineApi.PODMAN);
        FakeEngineApi dockerSock = FakeEngineApi.at(work.resolve("var/run/docker.sock"), FakeEngineApi.DOCKER)) {
      EngineSocket socket = EngineSocket.find(home("DOCKER_HOST", engine.host()), places());

      assertEquals(engine.host(), socket.host());
      assertEquals("engine: podman 4.3.1 (" + engine.host() + ", from DOCKER_HOST)", socket.about());
      assertEquals(engine.host(), socket.environmentFor(Map.of("PATH", "/bin")).get("DOCKER_HOST"));
      assertFalse(socket.started());
    }
  }

  @Test
  void find_dockerHostDead_failsNamingIt_evenWhenAnotherSocketAnswers() throws IOException {
    String dead = "unix://" + work.resolve("gone/docker.sock");
    try (FakeEngineApi dockerSock = FakeEngineApi.at(work.resolve("var/run/docker.sock"), FakeEngineApi.DOCKER)) {
      TargetFailure failure = assertThrows(TargetFailure.class, () -> EngineSocket.find(home("DOCKER_HOST", dead), places()));

      assertEquals("DOCKER_HOST=" + dead + " does not answer (no such socket): start the engine there, or unset DOCKER_HOST to let Slipway find an engine",
          failure.getMessage());
      assertTrue(failure.unreachable());
    }
  }

  @Test
  void find_dockerContextFromEnvironment_usesItsEndpoint() throws IOException {
    try (FakeEngineApi colima = FakeEngineApi.at(work.resolve("colima/docker.sock"), FakeEngineApi.DOCKER)) {
      Path config = dockerContext("colima", colima.host(), Optional.empty());

      EngineSocket socket = EngineSocket.find(home("DOCKER_CONFIG", config.toString(), "DOCKER_CONTEXT", "colima"), places());

      assertEquals(colima.host(), socket.host());
      assertEquals("engine: docker 27.3.1 (" + colima.host() + ", docker context 'colima')", socket.about());
    }
  }

  @Test
  void find_currentContextInHomeConfig_usesItsEndpoint_beforeTheWellKnownSockets() throws IOException {
    try (FakeEngineApi desktop = FakeEngineApi.at(work.resolve("desktop/docker.sock"), FakeEngineApi.DOCKER);
        FakeEngineApi dockerSock = FakeEngineApi.at(work.resolve("var/run/docker.sock"), FakeEngineApi.DOCKER)) {
      dockerContext("desktop-linux", desktop.host(), Optional.of("desktop-linux"));

      EngineSocket socket = EngineSocket.find(home(), places());

      assertEquals(desktop.host(), socket.host());
    }
  }

  @Test
  void find_dockerHostWinsOverDockerContext_asTheDockerCliDecides() throws IOException {
    try (FakeEngineApi engine = FakeEngineApi.at(work.resolve("custom/podman.sock"), FakeEngineApi.PODMAN)) {
      Path config = dockerContext("elsewhere", "unix://" + work.resolve("elsewhere.sock"), Optional.empty());

      EngineSocket socket = EngineSocket.find(home("DOCKER_HOST", engine.host(), "DOCKER_CONFIG", config.toString(), "DOCKER_CONTEXT", "elsewhere"), places());

      assertEquals(engine.host(), socket.host());
    }
  }

  @Test
  void find_contextDead_failsNamingTheContextAndItsEndpoint() throws IOException {
    String dead = "unix://" + work.resolve("stopped/docker.sock");
    dockerContext("stopped", dead, Optional.of("stopped"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> EngineSocket.find(home(), places()));

    assertEquals("docker context 'stopped' (" + dead + ") does not answer (no such socket): start the engine there,"
        + " or switch with `docker context use default` to let Slipway find an engine", failure.getMessage());
  }

  @Test
  void find_contextNotDefined_failsNamingIt() {
    TargetFailure failure = assertThrows(TargetFailure.class, () -> EngineSocket.find(home("DOCKER_CONTEXT", "nowhere"), places()));

    assertTrue(failure.getMessage().startsWith("docker context 'nowhere' is not defined (no Endpoints.docker.Host in "), failure.getMessage());
  }

  @Test
  void find_defaultContext_goesOnToTheWellKnownSockets_inOrder() throws IOException {
    dockerContext("default", "unix:///never/used.sock", Optional.of("default"));
    try (FakeEngineApi rootful = FakeEngineApi.at(work.resolve("run/podman/podman.sock"), FakeEngineApi.PODMAN);
        FakeEngineApi rootless = FakeEngineApi.at(work.resolve("run/user/1000/podman/podman.sock"), FakeEngineApi.PODMAN)) {
      EngineSocket socket = EngineSocket.find(home(), places());

      assertEquals(rootful.host(), socket.host());
      assertEquals("engine: podman 4.3.1 (" + rootful.host() + ")", socket.about());
    }
  }

  @Test
  void find_staleSocketFile_isSkipped_andTheNextAnswers() throws IOException {
    Path stale = work.resolve("var/run/docker.sock");
    Files.createDirectories(stale.getParent());
    // A socket file whose server is gone, as a crashed daemon leaves it.
    try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      gone.bind(UnixDomainSocketAddress.of(stale));
    }
    try (FakeEngineApi rootless = FakeEngineApi.at(work.resolve("run/user/1000/podman/podman.sock"), FakeEngineApi.PODMAN)) {
      EngineSocket socket = EngineSocket.find(home(), places());

      assertEquals(rootless.host(), socket.host());
    }
  }

  @Test
  void find_nothingAnswers_noPodman_unreachableListingWhatWasTried() {
    TargetFailure failure = assertThrows(TargetFailure.class, () -> EngineSocket.find(home(), places()));

    assertEquals("no container engine answers; tried DOCKER_HOST (not set), docker context (default), " + work.resolve("var/run/docker.sock") + " (absent), "
        + work.resolve("run/podman/podman.sock") + " (absent), " + work.resolve("run/user/1000/podman/podman.sock") + " (absent),"
        + " podman system service (podman is not on PATH): install podman (scripts/setup-containers does) or start Docker, or set DOCKER_HOST",
        failure.getMessage());
    assertTrue(failure.unreachable());
  }

  @Test
  void environmentFor_setsDockerHost_andKeepsTheRest() throws IOException {
    try (FakeEngineApi dockerSock = FakeEngineApi.at(work.resolve("var/run/docker.sock"), FakeEngineApi.DOCKER)) {
      EngineSocket socket = EngineSocket.find(home(), places());

      assertEquals(Map.of("PATH", "/bin", "DOCKER_HOST", dockerSock.host()), socket.environmentFor(Map.of("PATH", "/bin")));
      assertTrue(socket.runsHealthChecks(), "Docker runs its containers' checks itself");
    }
  }

  /** Writes a context as {@code docker context create} does, and config.json with {@code current} when given; returns the config dir. */
  private Path dockerContext(String name, String host, Optional<String> current) throws IOException {
    Path config = work.resolve("home/.docker");
    Path meta = Files.createDirectories(config.resolve("contexts/meta").resolve(Sha256.hex(name)));
    Files.writeString(meta.resolve("meta.json"),
        "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
    if (current.isPresent()) {
      Files.writeString(config.resolve("config.json"), "{\"auths\":{},\"currentContext\":\"" + current.get() + "\"}");
    }
    return config;
  }
}
