package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Optional;
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
    FinishedProcess deploy = slipway(Map.of(), "deploy", "--to-engine", "--skip", "test", "--set", "baseImage=" + baseImage);
    assertEquals(ExitCode.OK, deploy.exit(), deploy.out() + deploy.err());
    assertNoServiceLeft("deploy");
    // The containers outlive the service that started them: podman's conmon keeps them.
    assertEquals("ok", get("http://127.0.0.1:" + PORT + "/healthz"));
    if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
      // podman without systemd runs no checks itself: the deploy ran podman's once, so it does not say "starting" forever.
      String podmanPs = ContainerTools.run(List.of("podman", "ps", "--filter", "label=com.docker.compose.project=e-hello-flask-dev", "--format", "{{.Status}}"));
      assertTrue(podmanPs.contains("(healthy)"), "podman ps shows the service healthy: " + podmanPs);
    }

    FinishedProcess status = slipway(Map.of(), "status");
    assertEquals(ExitCode.OK, status.exit(), status.out() + status.err());
    Matcher engine = STARTED.matcher(status.out());
    assertTrue(engine.find(), "status names the engine it started:\n" + status.out());
    assertTrue(Path.of(engine.group(1)).startsWith(runtimeDir), "the service's private directory is under XDG_RUNTIME_DIR: " + engine.group(1));
    assertTrue(status.out().lines().anyMatch(line -> line.matches("compose: docker compose 2\\.\\S+")), "status names the Compose CLI:\n" + status.out());
    assertTrue(Pattern.compile("(?m)^web\\s+1/1\\s+healthy").matcher(status.out()).find(), status.out());
    assertNoServiceLeft("status");

    FinishedProcess logs = slipway(Map.of(), "logs", "--tail", "20");
    assertEquals(ExitCode.OK, logs.exit(), logs.out() + logs.err());
    assertTrue(logs.out().contains("gunicorn"), "the service's own log lines:\n" + logs.out());
    assertNoServiceLeft("logs");

    // logs --follow runs until stopped; SIGTERM (what `kill` sends) ends it, and its service with it.
    Path followed = Files.createTempFile(work, "follow", ".txt");
    Process follow = start(Map.of(), followed, Optional.empty(), "logs", "--follow", "--tail", "5");
    await(() -> Files.readString(followed).contains("web-1"), "logs --follow printing the service's lines");
    follow.destroy();
    assertTrue(follow.waitFor(60, TimeUnit.SECONDS), "logs --follow ended on SIGTERM");
    await(() -> services().isEmpty(), "the service of logs --follow stopping after SIGTERM");
    assertNoServiceLeft("logs --follow");

    FinishedProcess destroy = slipway(Map.of(), "destroy");
    assertEquals(ExitCode.OK, destroy.exit(), destroy.out() + destroy.err());
    assertTrue(ContainerTools.run(List.of("podman", "ps", "-a", "--filter", "label=com.docker.compose.project=e-hello-flask-dev", "--format", "{{.Names}}"))
        .isBlank(), "destroy removed the containers");
    assertNoServiceLeft("destroy");
  }

  @Test
  void deployStoppedBySigterm_restoresThePreviousReleaseThroughTheServiceItStarted_thenStopsIt() throws Exception {
    Path app = project.resolve("app/app.py");
    String working = Files.readString(app);
    try {
      FinishedProcess good = slipway(Map.of(), "deploy", "--to-engine", "--skip", "test", "--set", "baseImage=" + baseImage);
      assertEquals(ExitCode.OK, good.exit(), good.out() + good.err());
      Files.writeString(app, working.replace("return \"ok\"", "return \"broken\", 500"));

      Path output = Files.createTempFile(work, "interrupted", ".txt");
      Process broken = start(Map.of(), output, Optional.empty(), "deploy", "--to-engine", "--skip", "test", "--set", "baseImage=" + baseImage);
      await(() -> Files.readString(output).contains("for its health check"), "the broken release's health wait");
      broken.destroy();

      assertTrue(broken.waitFor(90, TimeUnit.SECONDS), "the deploy ended after SIGTERM");
      assertTrue(Files.readString(output).contains("was restored"), Files.readString(output));
      assertEquals("ok", get("http://127.0.0.1:" + PORT + "/healthz"));
      await(() -> services().isEmpty(), "the service of the interrupted deploy stopping");
      assertNoServiceLeft("a deploy stopped by SIGTERM");
    } finally {
      Files.writeString(app, working);
      slipway(Map.of(), "destroy");
    }
  }

  @Test
  void dockerHostDead_exits3NamingIt_startsNothingAndBuildsNothing() throws IOException {
    String dead = "unix://" + work.resolve("no-engine.sock");

    FinishedProcess deploy = slipway(Map.of("DOCKER_HOST", dead), "deploy", "--to-engine", "--set", "baseImage=" + baseImage);
    FinishedProcess logs = slipway(Map.of("DOCKER_HOST", dead), "logs");

    String expected = "DOCKER_HOST=" + dead + " does not answer (no such socket): start the engine there, or unset DOCKER_HOST to let Slipway find an engine";
    assertEquals(ExitCode.TARGET_UNREACHABLE, deploy.exit(), deploy.out() + deploy.err());
    assertEquals(expected, deploy.err().lines().findFirst().orElse(""));
    assertTrue(!deploy.out().contains("[build:web]"), "nothing was built:\n" + deploy.out());
    assertEquals(ExitCode.TARGET_UNREACHABLE, logs.exit(), logs.out() + logs.err());
    assertEquals(expected, logs.err().lines().findFirst().orElse(""));
    assertNoServiceLeft("the failed commands");
  }

  /** No podman service with a socket under this test's runtime directory runs, and no private directory is left. */
  private static void assertNoServiceLeft(String after) throws IOException {
    assertEquals(List.of(), services(), "podman services left running after " + after);
    try (Stream<Path> left = Files.list(runtimeDir)) {
      assertEquals(List.of(), left.map(Path::toString).toList(), "private directories left after " + after);
    }
  }

  /** The command lines of podman services (and their watchdogs) whose socket is under this test's runtime directory. */
  private static List<String> services() {
    return ProcessHandle.allProcesses()
        .map(process -> process.info().commandLine().orElse(""))
        .filter(line -> line.contains("system service") && line.contains(runtimeDir.toString()))
        .toList();
  }

  private interface Condition {
    boolean holds() throws IOException;
  }

  private static void await(Condition condition, String what) throws IOException, InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited 60 s for " + what);
      }
      Thread.sleep(200);
    }
  }

  /**
   * {@code slipway ARGS} in a JVM of its own, as a user's new shell runs it: this process's
   * environment without DOCKER_HOST or any docker configuration, a home and runtime directory of
   * its own, then {@code overrides}. Its standard output goes to {@code out}, its errors to {@code
   * err}, or to {@code out} too.
   */
  private static Process start(Map<String, String> overrides, Path out, Optional<Path> err, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SlipwayCommand.class.getName()));
    command.addAll(Arrays.asList(args));
    command.addAll(List.of("-f", project.resolve("deploy.groovy").toString()));
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("DOCKER_") || name.equals("CONTAINER_HOST"));
    environment.put("HOME", work.resolve("home").toString());
    environment.put("XDG_RUNTIME_DIR", runtimeDir.toString());
    environment.putAll(overrides);
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectOutput(out.toFile());
    err.ifPresentOrElse(file -> builder.redirectError(file.toFile()), () -> builder.redirectErrorStream(true));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }

  /** {@code slipway ARGS} as {@link #start} runs it, to its end. */
  private static FinishedProcess slipway(Map<String, String> overrides, String... args) {
    try {
      Path out = Files.createTempFile(work, "out", ".txt");
      Path err = Files.createTempFile(work, "err", ".txt");
      return FinishedProcess.await(start(overrides, out, Optional.of(err), args), out, err, "slipway " + String.join(" ", args));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
