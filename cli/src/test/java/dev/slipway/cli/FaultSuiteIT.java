package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.Release;
import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults injected at the phases of a deploy of hello-flask to podman through Compose v2: kill -9
 * and SIGTERM of a separate Slipway JVM, a registry or the engine's socket stopped, a host port
 * taken, a release record damaged. After each one the suite checks what a user would: (a) the
 * environment serves the last good release, or a command says in one line why it cannot; (b)
 * {@code history} is readable and tells the truth; (c) no lock is left that blocks; (d) no
 * container is orphaned; (e) the next deploy succeeds. docs/reliability.md reports the outcomes.
 *
 * <p>One environment is deployed once and carried from scenario to scenario: each one ends with a
 * good deploy, the baseline of the next, which keeps the class within a few minutes. Every
 * version answers {@code GET /} with its own message, so what serves is known by asking.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

  private static final String ROOT_URL = "http://127.0.0.1:8000/";
  private static final String COMPOSE_PROJECT = "hello-flask-dev";
  /** The health deadline of the copied script: the health-wait faults wait this long for an unhealthy version. */
  private static final int HEALTH_TIMEOUT_SECONDS = 15;

  private static LocalRegistry registry;
  private static String base;
  private static Process podmanService;
  private static Path socket;
  private static Path work;
  private static Path project;
  private static Path script;
  private static String originalApp;
  private static int versions;
  /** The message of the version the last good deploy or rollback put in place. */
  private static String serving;
  /** Which version each release ran, for what a rollback brings back. */
  private static final Map<Integer, String> versionOf = new HashMap<>();

  @BeforeAll
  static void deployTheFirstGoodRelease() throws Exception {
    ContainerTools.require("podman", "docker-registry", "skopeo", "mmdebstrap");
    registry = LocalRegistry.start();
    base = PythonFixtures.baseImageIn(registry);
    socket = Files.createTempDirectory("slipway-faults-podman-").resolve("podman.sock");
    startEngine();
    boolean composeV2 =
        (ContainerTools.find("docker") != null && ContainerTools.run(List.of("docker", "compose", "version")).contains(" 2."))
            || (ContainerTools.find("docker-compose") != null && ContainerTools.run(List.of("docker-compose", "version")).contains(" 2."));
    assertTrue(composeV2, "needs Compose v2 (docker compose, or docker-compose 2.x): run scripts/setup-containers");
    work = Files.createTempDirectory("slipway-faults-");
    project = ExampleCopy.of("hello-flask", work);
    script = project.resolve("deploy.groovy");
    Files.writeString(script, Files.readString(script)
        .replace("health http('/healthz')", "health http('/healthz'), deadline: " + HEALTH_TIMEOUT_SECONDS));
    originalApp = Files.readString(project.resolve("app/app.py"));
    assertGoodDeploy(newVersion(true));
  }

  /**
   * A scenario that failed before its own good deploy leaves no baseline for the next one: put one
   * back, so that one failure is reported once instead of by every scenario after it.
   */
  @BeforeEach
  void startFromAGoodRelease() throws Exception {
    if (!serving.equals(served()) || !podmanService.isAlive()) {
      if (!podmanService.isAlive()) {
        startEngine();
      }
      assertGoodDeploy(newVersion(true));
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    try {
      if (podmanService != null && podmanService.isAlive() && project != null) {
        run(Map.of(), "destroy", "--env", "dev", "-f", script.toString());
      }
      // Whatever a failed scenario left behind, by the label of this suite's Compose project only.
      String left = ContainerTools.run(List.of("podman", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + COMPOSE_PROJECT)).strip();
      if (!left.isEmpty()) {
        List<String> remove = new ArrayList<>(List.of("podman", "rm", "-f"));
        remove.addAll(left.lines().toList());
        ContainerTools.run(remove);
      }
    } finally {
      stopEngine();
      if (registry != null) {
        registry.close();
      }
      if (work != null) {
        try (Stream<Path> files = Files.walk(work)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  // ---- kill -9 (a power cut) -------------------------------------------------------------

  @Test
  @Order(1)
  void kill9_duringBuild_changesNothing() throws Exception {
    int before = releaseCount();
    newVersion(true);
    Spawned deploy = spawn(deployArgs());

    deploy.awaitLine(l -> l.startsWith("[build:web] started"), Duration.ofSeconds(60));
    deploy.killHard();

    assertServes(serving);
    Run history = assertHistoryReadable();
    assertEquals(before, releaseCount(), "a deploy killed while building records no release: " + history.out);
    assertNoOrphans(currentImage());
    assertGoodDeploy(message());
  }

  @Test
  @Order(2)
  void kill9_duringTheHealthWaitOfANewRelease_isMarkedInterrupted_andStatusSaysWhatRuns() throws Exception {
    int release = releaseCount() + 1;
    String good = currentImage();
    String broken = newVersion(false);
    Spawned deploy = spawn(deployArgs());

    deploy.awaitHealthWait(broken);
    deploy.killHard();

    // Nothing is left to restore the previous release: the next command must say what runs instead.
    Run status = run(Map.of(), "status", "--env", "dev", "-f", script.toString());
    assertTrue((status.out + status.err).contains("release " + release + " was interrupted"), "the next command says so once: " + status.out + status.err);
    assertServesOrStatusSaysWhy(serving, release, Release.INTERRUPTED, status);
    assertHistoryMarks(release, Release.INTERRUPTED);
    assertNoOrphans(good, imageOf(release));

    // What the user does about it: put the last good release back.
    int current = currentRelease();
    Run rollback = run(Map.of(), "rollback", "--env", "dev", "-f", script.toString(), "--to", String.valueOf(current));
    assertEquals(ExitCode.OK, rollback.exit, rollback.out + rollback.err);
    versionOf.put(currentRelease(), serving);
    assertServes(serving);
    assertNoOrphans(good);
    assertGoodDeploy(newVersion(true));
  }

  @Test
  @Order(3)
  void kill9_duringTheRestoreOfAFailedRelease_leavesNothingThatBlocks() throws Exception {
    int release = releaseCount() + 1;
    String good = currentImage();
    newVersion(false);
    Spawned deploy = spawn(deployArgs());

    deploy.awaitLine(l -> l.contains("failed; restoring release"), Duration.ofSeconds(HEALTH_TIMEOUT_SECONDS + 90));
    deploy.killHard();

    assertServesOrStatusSaysWhy(serving, release, Release.INTERRUPTED);
    assertHistoryMarks(release, Release.INTERRUPTED);
    assertNoOrphans(good, imageOf(release));
    assertGoodDeploy(newVersion(true));
  }

  // ---- SIGTERM (Ctrl-C, a CI job cancelled) -----------------------------------------------

  @Test
  @Order(4)
  void sigterm_duringBuild_changesNothing_andSaysSoInOneLine() throws Exception {
    int before = releaseCount();
    newVersion(true);
    Spawned deploy = spawn(deployArgs());

    deploy.awaitLine(l -> l.startsWith("[build:web] started"), Duration.ofSeconds(60));
    deploy.terminate();

    List<String> said = deploy.out().lines().filter(l -> l.startsWith("warning: deploy interrupted")).toList();
    observed("stdout: " + said);
    assertEquals(List.of("warning: deploy interrupted before it changed anything: dev still runs release " + currentRelease()), said, deploy.out());
    assertFalse(Files.exists(lockFile()), "SIGTERM gives the lock back");
    assertServes(serving);
    assertHistoryReadable();
    assertEquals(before, releaseCount(), "nothing was recorded");
    assertNoOrphans(currentImage());
    assertGoodDeploy(message());
  }

  @Test
  @Order(5)
  void sigterm_duringTheHealthWait_restoresThePreviousRelease_marksItInterrupted_andGivesTheLockBack() throws Exception {
    int previous = currentRelease();
    int release = releaseCount() + 1;
    String broken = newVersion(false);
    Spawned deploy = spawn(deployArgs());

    deploy.awaitHealthWait(broken);
    long signalled = System.nanoTime();
    deploy.terminate();

    assertTrue(System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(40), "the restore is bounded by 30 s");
    List<String> said = deploy.out().lines().filter(l -> l.startsWith("warning: deploy interrupted")).toList();
    observed("stdout: " + said);
    assertEquals(List.of("warning: deploy interrupted: release " + release + " is marked interrupted, and release " + previous
        + " was restored: dev runs release " + previous + " again"), said, deploy.out());
    assertFalse(Files.exists(lockFile()), "SIGTERM gives the lock back");
    assertServes(serving);
    assertHistoryMarks(release, Release.INTERRUPTED);
    assertNoOrphans(currentImage());
    assertGoodDeploy(newVersion(true));
  }

  @Test
  @Order(6)
  void sigterm_thenKill9DuringItsRestore_leavesNothingThatBlocks() throws Exception {
    int release = releaseCount() + 1;
    String good = currentImage();
    String broken = newVersion(false);
    Spawned deploy = spawn(deployArgs());
    deploy.awaitHealthWait(broken);

    // Someone presses Ctrl-C, then loses patience while the previous release is being put back.
    deploy.signalOnly();
    deploy.awaitLine(l -> l.contains("for its health check"), 2, Duration.ofSeconds(30));
    deploy.killHard();

    assertServesOrStatusSaysWhy(serving, release, Release.INTERRUPTED);
    assertHistoryMarks(release, Release.INTERRUPTED);
    assertNoOrphans(good, imageOf(release));
    assertGoodDeploy(newVersion(true));
  }

  @Test
  @Order(7)
  void kill9_duringThePushToARegistry_changesNothing() throws Exception {
    int before = releaseCount();
    newVersion(true);
    try (LocalRegistry destination = LocalRegistry.start()) {
      Spawned deploy = spawn(List.of(registryDeployArgs(destination.address())));
      await(() -> destination.log().contains("/blobs/uploads/") || !deploy.process.isAlive(), Duration.ofSeconds(90), "a blob upload");
      deploy.killHard();
      assertTrue(destination.log().contains("/blobs/uploads/"), "the deploy ended before it pushed:\n" + deploy.out() + deploy.err);
    }

    assertServes(serving);
    assertHistoryReadable();
    assertEquals(before, releaseCount(), "a deploy killed while pushing records no release");
    assertNoOrphans(currentImage());
    assertGoodDeploy(message());
  }

  // ---- the registry stopped ---------------------------------------------------------------

  @Test
  @Order(8)
  void registryStopped_beforeThePush_exits3InOneLine_andDeploysNothing() throws Exception {
    LocalRegistry stopped = LocalRegistry.start();
    String address = stopped.address();
    stopped.close();
    int before = releaseCount();
    newVersion(true);

    Run deploy = run(Map.of(), registryDeployArgs(address));

    assertEquals(ExitCode.TARGET_UNREACHABLE, deploy.exit, deploy.out + deploy.err);
    assertOneLineNaming(deploy.err, address);
    assertServes(serving);
    assertHistoryReadable();
    assertNoNewSucceededRelease(before);
    assertNoOrphans(currentImage());
    assertGoodDeploy(message());
  }

  @Test
  @Order(9)
  void registryStopped_duringThePush_exits3InOneLine_andDeploysNothing() throws Exception {
    LocalRegistry destination = LocalRegistry.start();
    String address = destination.address();
    int before = releaseCount();
    newVersion(true);
    CompletableFuture<Run> deploy;
    try {
      deploy = CompletableFuture.supplyAsync(() -> run(Map.of(), registryDeployArgs(address)));
      // The base image's layers go to this registry for the first time: blob uploads are the push under way.
      await(() -> destination.log().contains("/blobs/uploads/") || deploy.isDone(), Duration.ofSeconds(90), "a blob upload to " + address);
      assertFalse(deploy.isDone(), "the deploy ended before its push began: " + deploy.getNow(null));
    } finally {
      destination.close();
    }

    Run result = deploy.get(3, TimeUnit.MINUTES);

    assertEquals(ExitCode.TARGET_UNREACHABLE, result.exit, result.out + result.err);
    assertOneLineNaming(result.err, address);
    assertServes(serving);
    assertHistoryReadable();
    assertNoNewSucceededRelease(before);
    assertNoOrphans(currentImage());
    assertGoodDeploy(message());
  }

  // ---- the engine stopped -----------------------------------------------------------------

  @Test
  @Order(11)
  void engineSocketStopped_beforeADeploy_exits3InOneLine_andBuildsNothing() throws Exception {
    int before = releaseCount();
    String image = currentImage();
    newVersion(true);
    stopEngine();
    Run deploy;
    try {
      deploy = run(Map.of(), deployArgs().toArray(String[]::new));
    } finally {
      startEngine();
    }

    assertEquals(ExitCode.TARGET_UNREACHABLE, deploy.exit, deploy.out + deploy.err);
    assertOneLineNaming(deploy.err, "engine");
    assertFalse(deploy.out.contains("[build:web]"), "an unreachable engine is found before anything is built: " + deploy.out);
    // The containers outlive the API socket: podman runs them under conmon, not under the service.
    assertServes(serving);
    assertHistoryReadable();
    assertNoNewSucceededRelease(before);
    assertNoOrphans(image);
    assertGoodDeploy(message());
  }

  @Test
  @Order(12)
  void engineSocketStopped_duringTheHealthWait_exits3InOneLineSayingWhatRuns() throws Exception {
    int release = releaseCount() + 1;
    String good = currentImage();
    String broken = newVersion(false);
    Spawned deploy = spawn(deployArgs());
    deploy.awaitHealthWait(broken);

    stopEngine();
    try {
      deploy.awaitExit(Duration.ofSeconds(HEALTH_TIMEOUT_SECONDS + 60));
    } finally {
      startEngine();
    }

    assertEquals(ExitCode.TARGET_UNREACHABLE, deploy.process.exitValue(), deploy.out() + deploy.err);
    assertOneLineNaming(deploy.err.toString(), "engine");
    // The engine is gone, so the previous release could not be put back: the line must say so.
    assertTrue(deploy.err.toString().contains("restoring release"), deploy.err.toString());
    assertServesOrStatusSaysWhy(serving, release, Release.FAILED);
    assertHistoryMarks(release, Release.FAILED);
    assertNoOrphans(good, imageOf(release));
    assertGoodDeploy(newVersion(true));
  }

  // ---- a host port taken ------------------------------------------------------------------

  @Test
  @Order(13)
  void hostPortTaken_exits1BeforeBuilding_namingThePort() throws Exception {
    assertEquals(ExitCode.OK, run(Map.of(), "destroy", "--env", "dev", "-f", script.toString()).exit);
    int before = releaseCount();
    Run deploy;
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8000));
      deploy = run(Map.of(), deployArgs().toArray(String[]::new));
    }

    assertEquals(ExitCode.FAILED, deploy.exit, deploy.out + deploy.err);
    assertOneLineNaming(deploy.err, "8000");
    assertFalse(deploy.out.contains("[build:web]"), "a taken port is found before anything is built: " + deploy.out);
    assertHistoryReadable();
    assertNoNewSucceededRelease(before);
    assertNoOrphans();
    assertGoodDeploy(message());
  }

  // ---- a release record damaged -----------------------------------------------------------

  @Test
  @Order(14)
  void damagedReleaseRecord_isNamed_andStatusHistoryRollbackAndTheNextDeployStillWork() throws Exception {
    // The oldest record the history limit kept (deploys before it already forgot release 1).
    Path oldest;
    try (Stream<Path> records = Files.list(releases())) {
      oldest = records.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
    }
    int damagedNumber = Integer.parseInt(oldest.getFileName().toString());
    Path damaged = oldest.resolve("release.json");
    Files.write(damaged, new byte[0]);
    String warning = "warning: " + damaged + " is damaged";

    Run status = run(Map.of(), "status", "--env", "dev", "-f", script.toString());
    assertEquals(ExitCode.OK, status.exit, status.out + status.err);
    assertTrue((status.out + status.err).contains(warning), status.out + status.err);
    Run history = assertHistoryReadable();
    assertTrue((history.out + history.err).contains(warning), history.out + history.err);
    assertFalse(history.out.lines().anyMatch(l -> l.matches("\\s*" + damagedNumber + "\\s.*")), "the damaged release is skipped: " + history.out);

    int current = currentRelease();
    int back = new FileReleaseStore(stateDir()).lastSucceeded(current).orElseThrow().number();
    Run rollback = run(Map.of(), "rollback", "--env", "dev", "-f", script.toString());
    assertEquals(ExitCode.OK, rollback.exit, rollback.out + rollback.err);
    assertTrue((rollback.out + rollback.err).contains(warning), rollback.out + rollback.err);
    serving = versionOf.get(back);
    versionOf.put(currentRelease(), serving);
    assertServes(serving);
    assertNoOrphans(currentImage());

    Run deploy = assertGoodDeploy(newVersion(true));
    assertTrue((deploy.out + deploy.err).contains(warning), deploy.out + deploy.err);
    assertTrue(Files.size(damaged) == 0, "the damaged record is left as it is");
  }

  // ---- what every scenario checks ---------------------------------------------------------

  /** (e), and with it (c): the next deploy gets the lock, succeeds, and the new version serves. */
  private static Run assertGoodDeploy(String version) throws Exception {
    Run deploy = run(Map.of(), deployArgs().toArray(String[]::new));
    assertEquals(ExitCode.OK, deploy.exit, deploy.out + deploy.err);
    serving = version;
    versionOf.put(currentRelease(), version);
    assertServes(version);
    assertNoOrphans(currentImage());
    return deploy;
  }

  /** (a): what answers on the published port. */
  private static void assertServes(String version) {
    await(() -> version.equals(served()), Duration.ofSeconds(20), "GET / answering \"" + version + "\" (last answer: " + served() + ")");
  }

  /** (a) after a fault nobody was left to undo: either the last good release serves, or status says in one line why not. */
  private static void assertServesOrStatusSaysWhy(String version, int release, String outcome) {
    assertServesOrStatusSaysWhy(version, release, outcome, run(Map.of(), "status", "--env", "dev", "-f", script.toString()));
  }

  private static void assertServesOrStatusSaysWhy(String version, int release, String outcome, Run status) {
    if (version.equals(served())) {
      observed("GET / answers the last good version, \"" + version + "\"");
      return;
    }
    observed("GET / answers " + served() + "; status exits " + status.exit + ": " + status.err.strip() + " / "
        + status.out.lines().filter(l -> l.startsWith("newer release")).findFirst().orElse(""));
    assertEquals(ExitCode.FAILED, status.exit, "the last good release does not serve (" + served() + "), so status must fail: " + status.out + status.err);
    assertEquals(1, status.err.lines().count(), status.err);
    assertTrue(status.err.startsWith("dev: web is not"), status.err);
    assertTrue(status.out.contains("newer release " + release + ": " + outcome), status.out);
  }

  /** (b): history exits 0 and leaves nothing in progress once its deploy is gone. */
  private static Run assertHistoryReadable() {
    Run history = run(Map.of(), "history", "--env", "dev", "-f", script.toString());
    assertEquals(ExitCode.OK, history.exit, history.out + history.err);
    assertFalse(history.out.contains(Release.IN_PROGRESS), "no deploy is running, so nothing is in progress: " + history.out);
    return history;
  }

  private static void assertHistoryMarks(int release, String outcome) {
    Run history = assertHistoryReadable();
    observed("history: " + history.out.lines().filter(l -> l.matches("\\s*" + release + "\\s.*")).findFirst().orElse("(no line for release " + release + ")").strip());
    assertTrue(history.out.lines().anyMatch(l -> l.matches("\\s*" + release + "\\s.*\\s" + outcome + "\\s.*")),
        "release " + release + " is " + outcome + ": " + history.out);
  }

  private static void assertNoNewSucceededRelease(int before) {
    List<Release> newer = new FileReleaseStore(stateDir()).all().stream().filter(r -> r.number() > before).toList();
    assertTrue(newer.stream().noneMatch(r -> Release.SUCCEEDED.equals(r.outcome())), "nothing was deployed: " + newer);
  }

  /**
   * (d): the containers labelled with the project are one web container, running one of these
   * images (none at all when none is given): nothing half-created, nothing of a release left over.
   */
  private static void assertNoOrphans(String... images) {
    List<String> containers = ContainerTools.run(List.of("podman", "ps", "-a", "--filter", "label=com.docker.compose.project=" + COMPOSE_PROJECT,
        "--format", "{{.Names}}|{{.State}}|{{.Image}}")).strip().lines().toList();
    if (images.length == 0) {
      assertEquals(List.of(), containers);
      return;
    }
    assertEquals(1, containers.size(), "one container of the project: " + containers);
    String[] fields = containers.get(0).split("\\|");
    assertEquals(COMPOSE_PROJECT + "-web-1", fields[0], containers.toString());
    // podman words a running container's state as docker does: "Up 2 seconds ago".
    assertTrue(fields[1].startsWith("Up"), "running: " + containers);
    assertTrue(Set.of(images).contains(fields[2]), "the container runs " + fields[2] + ", expected one of " + List.of(images));
  }

  private static void assertOneLineNaming(String err, String what) {
    observed("stderr: " + err.strip());
    List<String> lines = err.strip().lines().toList();
    assertEquals(1, lines.size(), "one line: " + err);
    assertTrue(lines.get(0).contains(what), "the line names " + what + ": " + err);
  }

  /** What docs/reliability.md reports for each scenario, in the test's output. */
  private static void observed(String what) {
    System.out.println("observed: " + what);
  }

  // ---- the project and its state ----------------------------------------------------------

  /** Writes the next version of the app; an unhealthy one answers its health check with 500. */
  private static String newVersion(boolean healthy) throws IOException {
    String version = "version " + ++versions + (healthy ? "" : " (unhealthy)");
    String app = originalApp.replace("Hello from Slipway!", version);
    Files.writeString(project.resolve("app/app.py"), healthy ? app : app.replace("return \"ok\"", "return \"broken\", 500"));
    return version;
  }

  private static String message() throws IOException {
    String app = Files.readString(project.resolve("app/app.py"));
    return app.substring(app.indexOf("\"message\": \"") + 12, app.indexOf("\"}"));
  }

  private static Path stateDir() {
    return project.resolve(".slipway/state/dev");
  }

  private static Path releases() {
    return stateDir().resolve("releases");
  }

  private static Path lockFile() {
    return stateDir().resolve("deploy.lock");
  }

  /** Release directories, damaged or not: the next release is numbered above all of them. */
  private static int releaseCount() throws IOException {
    if (!Files.isDirectory(releases())) {
      return 0;
    }
    try (Stream<Path> dirs = Files.list(releases())) {
      return dirs.mapToInt(d -> Integer.parseInt(d.getFileName().toString())).max().orElse(0);
    }
  }

  private static int currentRelease() {
    return new FileReleaseStore(stateDir()).current().orElseThrow().number();
  }

  private static String currentImage() {
    return new FileReleaseStore(stateDir()).current().orElseThrow().images().get("web");
  }

  private static String imageOf(int release) {
    return new FileReleaseStore(stateDir()).find(release).orElseThrow().images().get("web");
  }

  private static List<String> deployArgs() {
    return List.of("deploy", "--env", "dev", "-f", script.toString(), "--set", "baseImage=" + base, "--skip", "test", "--to-engine");
  }

  /** A deploy that pushes to a registry at {@code address}, as users without --to-engine do. */
  private static String[] registryDeployArgs(String address) {
    return new String[] {"deploy", "--env", "dev", "-f", script.toString(), "--set", "baseImage=" + base, "--set", "registry=" + address + "/hello-flask",
        "--skip", "test"};
  }

  // ---- the engine -------------------------------------------------------------------------

  private static void startEngine() throws IOException {
    Files.deleteIfExists(socket);
    podmanService = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    await(() -> Files.exists(socket), Duration.ofSeconds(10), "podman system service opening " + socket);
  }

  private static void stopEngine() throws InterruptedException {
    if (podmanService != null && podmanService.isAlive()) {
      podmanService.destroy();
      if (!podmanService.waitFor(10, TimeUnit.SECONDS)) {
        podmanService.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static Map<String, String> environment(Map<String, String> overrides) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("DOCKER_HOST", "unix://" + socket);
    environment.putAll(overrides);
    return environment;
  }

  // ---- running Slipway --------------------------------------------------------------------

  private record Run(int exit, String out, String err) {}

  /** Slipway in this JVM, for commands no fault interrupts. */
  private static Run run(Map<String, String> environmentOverrides, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), environment(environmentOverrides)))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Slipway in a JVM of its own, which a fault can kill as a power cut or a signal would. */
  private static Spawned spawn(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SlipwayCommand.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DOCKER_HOST", "unix://" + socket);
    return new Spawned(builder.start());
  }

  private static final class Spawned {
    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Thread> readers = new ArrayList<>();

    Spawned(Process process) {
      this.process = process;
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      readers.add(drain(process.getInputStream(), out));
      readers.add(drain(process.getErrorStream(), err));
    }

    private static Thread drain(InputStream stream, StringBuffer into) {
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            into.append(line).append('\n');
          }
        } catch (IOException closed) {
          // the process is gone; what it printed is kept
        }
      });
      reader.setDaemon(true);
      reader.start();
      return reader;
    }

    String out() {
      return out.toString();
    }

    /**
     * Until the new, unhealthy version answers on the port: its container is up and Slipway is
     * waiting for a health check that cannot pass (the progress line comes before Compose has
     * even replaced the container).
     */
    void awaitHealthWait(String version) {
      awaitLine(l -> l.contains("for its health check"), Duration.ofSeconds(90));
      await(() -> version.equals(served()) || !process.isAlive(), Duration.ofSeconds(HEALTH_TIMEOUT_SECONDS), "the new version answering");
      if (!process.isAlive()) {
        fail("the deploy ended before its health wait:\n" + out() + err);
      }
    }

    void awaitLine(Predicate<String> line, Duration deadline) {
      awaitLine(line, 1, deadline);
    }

    /** Until {@code count} lines match: a phase that prints the same line again, as a restore does. */
    void awaitLine(Predicate<String> line, int count, Duration deadline) {
      await(() -> out().lines().filter(line).count() >= count || !process.isAlive(), deadline, "the phase's line in:\n" + out());
      if (out().lines().filter(line).count() < count) {
        killHard();
        fail("the deploy ended (exit " + process.exitValue() + ") before the phase was reached:\n" + out() + err);
      }
    }

    /** A power cut: the JVM and everything it started die at once, with no chance to clean up. */
    void killHard() {
      List<ProcessHandle> tree = process.descendants().toList();
      process.toHandle().destroyForcibly();
      tree.forEach(ProcessHandle::destroyForcibly);
      awaitExit(Duration.ofSeconds(10));
    }

    /** What Ctrl-C or a cancelled CI job sends; the process has its 30 s to restore and exit. */
    void terminate() {
      signalOnly();
      awaitExit(Duration.ofSeconds(45));
    }

    void signalOnly() {
      // Through the handle: Process.destroy() also closes our ends of its pipes, losing what it says while it stops.
      process.toHandle().destroy();
    }

    void awaitExit(Duration deadline) {
      try {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          fail("slipway did not exit within " + deadline.toSeconds() + " s:\n" + out() + err);
        }
        // What it printed last is read only once the pipes are drained.
        for (Thread reader : readers) {
          reader.join(TimeUnit.SECONDS.toMillis(5));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  // ---- waiting ----------------------------------------------------------------------------

  private static void await(BooleanSupplier condition, Duration deadline, String what) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("waited " + deadline.toSeconds() + " s for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The message GET / answers, or what went wrong instead: compared, and shown when it is not the expected one. */
  private static String served() {
    try {
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
          .send(HttpRequest.newBuilder(URI.create(ROOT_URL)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      java.util.regex.Matcher message = java.util.regex.Pattern.compile("\"message\":\\s*\"([^\"]*)\"").matcher(response.body());
      return response.statusCode() == 200 && message.find() ? message.group(1) : response.statusCode() + " " + response.body();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
