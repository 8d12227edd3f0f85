package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway in a new shell on a machine with podman and no Docker daemon: a process of its own whose
 * environment has no DOCKER_HOST, no docker context and a home and runtime directory of its own,
 * so nothing it could find was there before. Each command finds no socket, starts podman's
 * service for itself and stops it when it ends: no {@code podman system service} is left behind.
 */
class EngineDiscoveryIT {

  private static final int PORT = 19150;
  private static final Pattern STARTED =
      Pattern.compile("(?m)^engine: podman \\d+\\.\\d+\\.\\d+\\S* \\(unix://(\\S+)/podman\\.sock, started for this command\\)$");

  @TempDir static Path work;
  private static Path project;
  private static Path runtimeDir;
  private static String baseImage;

  @BeforeAll
  static void newShell() throws IOException {
    ContainerTools.require("podman", "mmdebstrap");
    baseImage = "tar:" + PythonFixtures.baseImageTar();
    project = ExampleCopy.of("hello-flask", work);
    Path script = project.resolve("deploy.groovy");
    // Its own Compose project and host port, beside other tests' deploys of the same example.
    Files.writeString(script, Files.readString(script)
        .replace("project 'hello-flask'", "project 'e-hello-flask'")
        .replace("port 8000", "port 8000, publish: " + PORT));
    runtimeDir = Files.createDirectories(work.resolve("run-user"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.createDirectories(work.resolve("home"));
  }

  @AfterAll
  static void destroyWhateverIsLeft() {
    if (project != null) {
      slipway(Map.of(), "destroy");
    }
  }

  @Test
  void deployStatusLogsDestroy_withoutDockerHost_eachStartsPodmansServiceAndStopsIt() throws Exception {
    Run deploy = slipway(Map.of(), "deploy", "--to-engine", "--skip", "test", "--set", "baseImage=" + baseImage);
    assertEquals(ExitCode.OK, deploy.exit, deploy.out + deploy.err);
    assertNoServiceLeft("deploy");
    // The containers outlive the service that started them: podman's conmon keeps them.
    assertEquals("ok", get("http://127.0.0.1:" + PORT + "/healthz"));

    Run status = slipway(Map.of(), "status");
    assertEquals(ExitCode.OK, status.exit, status.out + status.err);
    Matcher engine = STARTED.matcher(status.out);
    assertTrue(engine.find(), "status names the engine it started:\n" + status.out);
    assertTrue(Path.of(engine.group(1)).startsWith(runtimeDir), "the service's private directory is under XDG_RUNTIME_DIR: " + engine.group(1));
    assertTrue(status.out.lines().anyMatch(line -> line.matches("compose: docker compose 2\\.\\S+")), "status names the Compose CLI:\n" + status.out);
    assertTrue(Pattern.compile("(?m)^web\\s+1/1\\s+healthy").matcher(status.out).find(), status.out);
    assertNoServiceLeft("status");

    Run logs = slipway(Map.of(), "logs", "--tail", "20");
    assertEquals(ExitCode.OK, logs.exit, logs.out + logs.err);
    assertTrue(logs.out.contains("gunicorn"), "the service's own log lines:\n" + logs.out);
    assertNoServiceLeft("logs");

    Run destroy = slipway(Map.of(), "destroy");
    assertEquals(ExitCode.OK, destroy.exit, destroy.out + destroy.err);
    assertTrue(ContainerTools.run(List.of("podman", "ps", "-a", "--filter", "label=com.docker.compose.project=e-hello-flask-dev", "--format", "{{.Names}}"))
        .isBlank(), "destroy removed the containers");
    assertNoServiceLeft("destroy");
  }

  @Test
  void dockerHostDead_exits3NamingIt_startsNothingAndBuildsNothing() {
    String dead = "unix://" + work.resolve("no-engine.sock");

    Run deploy = slipway(Map.of("DOCKER_HOST", dead), "deploy", "--to-engine", "--set", "baseImage=" + baseImage);
    Run logs = slipway(Map.of("DOCKER_HOST", dead), "logs");

    String expected = "DOCKER_HOST=" + dead + " does not answer (no such socket): start the engine there, or unset DOCKER_HOST to let Slipway find an engine";
    assertEquals(ExitCode.TARGET_UNREACHABLE, deploy.exit, deploy.out + deploy.err);
    assertEquals(expected, deploy.err.lines().findFirst().orElse(""));
    assertTrue(!deploy.out.contains("[build:web]"), "nothing was built:\n" + deploy.out);
    assertEquals(ExitCode.TARGET_UNREACHABLE, logs.exit, logs.out + logs.err);
    assertEquals(expected, logs.err.lines().findFirst().orElse(""));
    assertNoServiceLeft("the failed commands");
  }

  /** No podman service with a socket under this test's runtime directory runs, and no private directory is left. */
  private static void assertNoServiceLeft(String after) throws IOException {
    List<String> services = ProcessHandle.allProcesses()
        .map(process -> process.info().commandLine().orElse(""))
        .filter(line -> line.contains("system service") && line.contains(runtimeDir.toString()))
        .toList();
    assertEquals(List.of(), services, "podman services left running after " + after);
    try (Stream<Path> left = Files.list(runtimeDir)) {
      assertEquals(List.of(), left.map(Path::toString).toList(), "private directories left after " + after);
    }
  }

  /**
   * {@code slipway ARGS} in a JVM of its own, as a user's new shell runs it: this process's
   * environment without DOCKER_HOST or any docker configuration, a home and runtime directory of
   * its own, then {@code overrides}.
   */
  private static Run slipway(Map<String, String> overrides, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SlipwayCommand.class.getName()));
    command.addAll(Arrays.asList(args));
    command.addAll(List.of("-f", project.resolve("deploy.groovy").toString()));
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("DOCKER_") || name.equals("CONTAINER_HOST"));
    environment.put("HOME", work.resolve("home").toString());
    environment.put("XDG_RUNTIME_DIR", runtimeDir.toString());
    environment.putAll(overrides);
    try {
      Path out = Files.createTempFile(work, "out", ".txt");
      Path err = Files.createTempFile(work, "err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not end within 10 minutes");
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Run(int exit, String out, String err) {}

  private static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
