package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway deploy} of hello-flask to a real engine: podman behind its Docker-compatible
 * socket ({@link ComposeEngine}), driven by the real Compose v2 CLI. Images are built
 * with jib and loaded into podman ({@code --to-engine}).
 */
class DeployIT {

  private static final String HEALTH_URL = "http://127.0.0.1:8000/healthz";

  private static ComposeEngine engine;
  private static String base;

  @TempDir Path work;
  private Path project;

  @BeforeAll
  static void startEngine() throws IOException, InterruptedException {
    engine = ComposeEngine.start();
    base = engine.baseImage();
  }

  @AfterAll
  static void stopEngine() throws InterruptedException {
    if (engine != null) {
      engine.close();
    }
  }

  @BeforeEach
  void copyExample() throws IOException {
    project = ExampleCopy.of("hello-flask", work);
    // A short deadline keeps the failing-release test quick; the example's default is 120 s.
    Path script = project.resolve("deploy.groovy");
    Files.writeString(script, Files.readString(script).replace("health http('/healthz')", "health http('/healthz'), deadline: 20"));
  }

  @AfterEach
  void destroy() {
    slipway("destroy");
  }

  @Test
  void deploy_servesTheApp_andAnUnchangedRedeployRecreatesNothing() throws Exception {
    Run first = slipway("deploy");
    assertEquals(ExitCode.OK, first.exit, first.out + first.err);
    HttpResponse<String> health = get(HEALTH_URL);
    assertEquals("ok", health.body());
    assertTrue(health.headers().firstValue("Server").orElse("").startsWith("gunicorn"), "detected start command serves through gunicorn: " + health.headers().map());
    String container = containerIdOf("hello-flask-dev-web");

    Run again = slipway("deploy");

    assertEquals(ExitCode.OK, again.exit, again.out + again.err);
    assertTrue(again.out.contains("is already in the engine"), "an unchanged image is not loaded again: " + again.out);
    assertEquals(container, containerIdOf("hello-flask-dev-web"), "an unchanged release must not recreate the container");
    Run history = slipway("history");
    assertEquals(2, history.out.lines().filter(l -> l.contains("succeeded")).count(), history.out);
    Run status = slipway("status");
    assertTrue(status.out.lines().anyMatch(l -> l.matches("web\\s+1/1 healthy\\s+restarts 0\\s+cpu \\S+\\s+mem \\S+\\s+up \\S+\\s+127\\.0\\.0\\.1:8000->8000/tcp\\s+\\S+")), status.out);
  }

  @Test
  void logs_follow_printsNewLinesAsTheyAreWritten() throws Exception {
    assertEquals(ExitCode.OK, slipway("deploy").exit);
    StringWriter followed = new StringWriter();
    Thread follow = new Thread(() -> SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), engineEnvironment(Map.of())))
        .setOut(new PrintWriter(followed, true)).execute("logs", "--follow", "-f", project.resolve("deploy.groovy").toString(), "--tail", "1", "web"));
    follow.setDaemon(true);
    follow.start();
    Thread.sleep(2000);

    get(HEALTH_URL + "?marker=followed");

    for (int i = 0; i < 100 && !followed.toString().contains("marker=followed"); i++) {
      Thread.sleep(100);
    }
    assertTrue(followed.toString().contains("GET /healthz?marker=followed"), followed.toString());
    assertTrue(follow.isAlive(), "-f keeps following");
  }

  @Test
  void deploy_unhealthyNewVersion_isRolledBack_andTheOldOneStillAnswers() throws Exception {
    assertEquals(ExitCode.OK, slipway("deploy").exit);
    Path app = project.resolve("app/app.py");
    Files.writeString(app, Files.readString(app).replace("return \"ok\"", "return \"broken\", 500"));

    Run broken = slipway("deploy", "--skip", "test");

    assertEquals(ExitCode.FAILED, broken.exit, broken.out);
    String line = broken.err.lines().findFirst().orElse("");
    assertTrue(line.contains("service 'web' did not become healthy within 20 s") && line.endsWith("(release 1 restored)"), line);
    HttpResponse<String> response = get(HEALTH_URL);
    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body());
    assertTrue(slipway("history").out.contains("rolled back to release 1"));
  }

  @Test
  void deploy_twoAtOnce_oneWins_theOtherExits4() throws Exception {
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<Run> first = two.submit(() -> slipway("deploy"));
      java.util.concurrent.Future<Run> second = two.submit(() -> slipway("deploy"));
      List<Integer> exits = new ArrayList<>(List.of(first.get(5, TimeUnit.MINUTES).exit, second.get(5, TimeUnit.MINUTES).exit));
      java.util.Collections.sort(exits);

      assertEquals(List.of(ExitCode.OK, ExitCode.LOCKED), exits);
    } finally {
      two.shutdownNow();
    }
    assertEquals("ok", get(HEALTH_URL).body());
  }

  @Test
  void deploy_whileTheLockIsHeld_exits4NamingTheHolder() throws IOException {
    Path lock = project.resolve(".slipway/state/dev/deploy.lock");
    Files.createDirectories(lock.getParent());
    long holder = ProcessHandle.current().pid();
    Files.writeString(lock, "pid=" + holder + "\nhost=" + InetAddress.getLocalHost().getHostName() + "\nsince=2026-11-25T10:00:00Z\n");

    Run run = slipway("deploy");

    assertEquals(ExitCode.LOCKED, run.exit, run.err);
    assertTrue(run.err.startsWith("the deploy lock " + lock + " is held by pid " + holder), run.err);
    Files.delete(lock);
  }

  @Test
  void destroy_removesContainersAndNetwork_keepsNamedVolumesUnlessAsked() throws IOException {
    Path keeper = work.resolve("keeper");
    Files.createDirectories(keeper.resolve("app"));
    Files.writeString(keeper.resolve("app/app.py"), String.join("\n",
        "from http.server import BaseHTTPRequestHandler, HTTPServer",
        "class Health(BaseHTTPRequestHandler):",
        "    def do_GET(self):",
        "        self.send_response(200)",
        "        self.end_headers()",
        "        self.wfile.write(b'ok')",
        "HTTPServer(('0.0.0.0', 8001), Health).serve_forever()",
        ""));
    Files.writeString(keeper.resolve("deploy.groovy"), String.join("\n",
        "project 'keeper'",
        "service('store') {",
        "    python { source 'app'; version '3.11'; baseImage setting('baseImage', 'python:3.11-slim'); command 'python app.py' }",
        "    port 8001",
        "    health http('/healthz'), deadline: 30",
        "    volume 'data', '/data'",
        "}",
        ""));
    Path script = keeper.resolve("deploy.groovy");
    try {
      Run deploy = slipwayAt(script, "deploy");
      assertEquals(ExitCode.OK, deploy.exit, deploy.out + deploy.err);
      assertTrue(volumes().contains("keeper-dev_data"), volumes());

      assertEquals(ExitCode.OK, slipwayAt(script, "destroy").exit);
      assertEquals("", ContainerTools.run(List.of("podman", "ps", "-aq", "--filter", "name=keeper-dev")).strip(), "containers are gone");
      assertTrue(!ContainerTools.run(List.of("podman", "network", "ls", "--format", "{{.Name}}")).contains("keeper-dev"), "the network is gone");
      assertTrue(volumes().contains("keeper-dev_data"), "the named volume (the data) survives a plain destroy");

      assertEquals(ExitCode.OK, slipwayAt(script, "destroy", "--volumes").exit);
      assertTrue(!volumes().contains("keeper-dev_data"), "destroy --volumes deletes it");
    } finally {
      slipwayAt(script, "destroy", "--volumes");
    }
  }

  @Test
  void deploy_microservices_startsEachServiceOnlyAfterWhatItDependsOnIsHealthy() throws Exception {
    // redis from Debian packages, since Docker Hub is out of reach: scripts/build-debian-image.
    String redisImage = ComposeEngine.debianImage("redis:7", "redis-server", "[\"redis-server\",\"--protected-mode\",\"no\",\"--bind\",\"0.0.0.0\"]");
    Path micro = ExampleCopy.of("microservices", work);
    Path script = micro.resolve("deploy.groovy");
    try {
      Run deploy = slipwayAt(script, "deploy", "--set", "redisImage=" + redisImage);

      assertEquals(ExitCode.OK, deploy.exit, deploy.out + deploy.err);
      java.time.Instant redis = startedAt("microservices-dev-redis-1");
      java.time.Instant api = startedAt("microservices-dev-api-1");
      java.time.Instant worker = startedAt("microservices-dev-worker-1");
      assertTrue(redis.isBefore(api) && api.isBefore(worker), "start order redis < api < worker: " + redis + " " + api + " " + worker);
      // Each deploy step starts only when the one before it reported healthy.
      List<String> done = deploy.out.lines().filter(l -> l.matches("\\[deploy:\\w+\\] (started|done).*")).map(l -> l.replaceAll("\\].*", "]")).toList();
      assertEquals(List.of("[deploy:redis]", "[deploy:redis]", "[deploy:api]", "[deploy:api]", "[deploy:worker]", "[deploy:worker]"), done);
    } finally {
      slipwayAt(script, "destroy");
    }
  }

  @Test
  void deploy_flaskPostgres_webKeepsNotesInPostgres_andARedeployOfNewCodeKeepsThem() throws Exception {
    // PostgreSQL from Debian packages, initialised from POSTGRES_* as the official image does.
    String postgres = ComposeEngine.debianImage("postgres:15", "postgresql-15", "[\"postgres-entrypoint\"]", "images/postgres");
    Path notes = ExampleCopy.of("flask-postgres", work);
    Path script = notes.resolve("deploy.groovy");
    String password = "pw-" + System.nanoTime();
    Map<String, String> secret = Map.of("NOTES_DB_PASSWORD", password);
    // psycopg2-binary comes from PyPI with its own libpq, as users get it: the plain Python base is enough.
    String[] options = {"--set", "postgresImage=" + postgres};
    try {
      Run first = run(script, secret, "deploy", options);
      assertEquals(ExitCode.OK, first.exit, first.out + first.err);
      HttpResponse<String> added = post("http://127.0.0.1:8000/notes", "{\"text\": \"buy milk\"}");
      assertEquals(201, added.statusCode(), added.body());
      assertTrue(added.headers().firstValue("Server").orElse("").startsWith("gunicorn"), "served by gunicorn: " + added.headers().map());
      assertTrue(get("http://127.0.0.1:8000/notes").body().contains("\"buy milk\""));
      String database = containerIdOf("notes-dev-db");
      String web = containerIdOf("notes-dev-web");

      Path app = notes.resolve("web/app.py");
      Files.writeString(app, Files.readString(app).replace("return \"ok\"", "return \"ok, v2\""));
      Path appTest = notes.resolve("web/tests/test_app.py");
      Files.writeString(appTest, Files.readString(appTest).replace("== \"ok\"", "== \"ok, v2\""));
      Run second = run(script, secret, "deploy", options);

      assertEquals(ExitCode.OK, second.exit, second.out + second.err);
      assertEquals("ok, v2", get("http://127.0.0.1:8000/healthz").body(), "the new code serves");
      assertTrue(!web.equals(containerIdOf("notes-dev-web")), "web was replaced");
      assertEquals(database, containerIdOf("notes-dev-db"), "postgres, unchanged, was left running");
      assertTrue(get("http://127.0.0.1:8000/notes").body().contains("\"buy milk\""), "the note written before the redeploy is still there");
      try (Stream<Path> state = Files.walk(notes.resolve(".slipway"))) {
        for (Path file : state.filter(Files::isRegularFile).toList()) {
          assertTrue(!new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(password), "the password leaked into " + file);
        }
      }
      assertTrue(!(first.out + first.err + second.out + second.err).contains(password), "the password leaked into the output");
    } finally {
      run(script, secret, "destroy", "--volumes");
    }
  }

  @Test
  void deploy_rollingService_loopOfRequestsSeesNoFailure_throughAnUpdateAndAFailedOne() throws Exception {
    Path rolling = work.resolve("rolling");
    Files.createDirectories(rolling.resolve("app"));
    Path app = rolling.resolve("app/app.py");
    Files.writeString(app, String.join("\n",
        "from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer",
        "VERSION = 'v1'",
        "HEALTHY = True",
        "class App(BaseHTTPRequestHandler):",
        "    def do_GET(self):",
        "        status, body = (200 if HEALTHY else 500, b'ok') if self.path == '/healthz' else (200, VERSION.encode())",
        "        self.send_response(status)",
        "        self.send_header('Content-Length', str(len(body)))",
        "        self.end_headers()",
        "        self.wfile.write(body)",
        "    def log_message(self, *args):",
        "        pass",
        "ThreadingHTTPServer(('0.0.0.0', 8002), App).serve_forever()",
        ""));
    Files.writeString(rolling.resolve("deploy.groovy"), String.join("\n",
        "project 'rolling'",
        "service('web') {",
        "    python { source 'app'; version '3.11'; baseImage setting('baseImage', 'python:3.11-slim'); command 'python app.py' }",
        "    port 8002",
        "    replicas 2",
        "    health http('/healthz'), deadline: 20",
        "}",
        ""));
    Path script = rolling.resolve("deploy.groovy");
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread loop = new Thread(() -> {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      while (running.get()) {
        try {
          HttpResponse<String> response = client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:8002/")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
          (response.statusCode() == 200 ? answers : failures).add(response.statusCode() + " " + response.body());
          Thread.sleep(20);
        } catch (IOException e) {
          failures.add(e.toString());
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      Run first = slipwayAt(script, "deploy");
      assertEquals(ExitCode.OK, first.exit, first.out + first.err);
      String proxy = containerIdOf("rolling-dev-web-proxy");
      loop.start();

      Files.writeString(app, Files.readString(app).replace("VERSION = 'v1'", "VERSION = 'v2'"));
      Run update = slipwayAt(script, "deploy");
      assertEquals(ExitCode.OK, update.exit, update.out + update.err);
      assertTrue(update.out.contains("rolling update: 2 new beside 2 old"), update.out);
      Files.writeString(app, Files.readString(app).replace("HEALTHY = True", "HEALTHY = False").replace("'v2'", "'v3'"));
      Run broken = slipwayAt(script, "deploy");
      Thread.sleep(500);
      running.set(false);
      loop.join(15_000);

      assertEquals(ExitCode.FAILED, broken.exit, broken.out + broken.err);
      assertTrue(broken.err.lines().findFirst().orElse("").contains("its new containers were removed and the old ones kept serving"), broken.err);
      assertEquals(List.of(), failures, "no request may fail while containers are replaced");
      assertTrue(answers.contains("200 v1") && answers.contains("200 v2"), "the loop saw both versions: " + answers.size() + " answers");
      assertTrue(!answers.contains("200 v3"), "the unhealthy version never served");
      assertEquals("200 v2", answers.get(answers.size() - 1));
      assertEquals(proxy, containerIdOf("rolling-dev-web-proxy"), "the front proxy, and with it the published port, stayed up throughout");
      assertEquals(2, ContainerTools.run(List.of("podman", "ps", "-q", "--filter", "name=rolling-dev-web-[0-9]")).strip().lines().count(), "two replicas again");
    } finally {
      running.set(false);
      slipwayAt(script, "destroy");
    }
  }

  private static String containerIdOf(String name) {
    return ContainerTools.run(List.of("podman", "ps", "-q", "--filter", "name=" + name)).strip();
  }

  private static java.time.Instant startedAt(String container) {
    String started = ContainerTools.run(List.of("podman", "inspect", "--format", "{{.State.StartedAt.Format \"2006-01-02T15:04:05.000000000Z07:00\"}}", container)).strip();
    return java.time.OffsetDateTime.parse(started).toInstant();
  }

  private static String volumes() {
    return ContainerTools.run(List.of("podman", "volume", "ls", "--format", "{{.Name}}"));
  }

  @Test
  void deploy_engineUnreachable_exits3WithTheCauseAndTheNextStep_beforeBuildingAnything() {
    String dead = "unix://" + work.resolve("no-engine.sock");
    Run run = slipway(Map.of("DOCKER_HOST", dead), "deploy");

    assertEquals(ExitCode.TARGET_UNREACHABLE, run.exit, run.out + run.err);
    assertEquals(
        "DOCKER_HOST=" + dead + " does not answer (no such socket): start the engine there, or unset DOCKER_HOST to let Slipway find an engine",
        run.err.lines().findFirst().orElse(""));
    assertTrue(!run.out.contains("[build:web]"), "nothing was built:\n" + run.out);
  }

  @Test
  void deploy_hostPortTakenBySomethingElse_exits1BeforeBuildingAnything_andARedeployOverItsOwnPortPasses() throws Exception {
    try (java.net.ServerSocket stranger = new java.net.ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = stranger.getLocalPort();
      Path script = project.resolve("deploy.groovy");
      Files.writeString(script, Files.readString(script).replace("port 8000", "port 8000, publish: " + port));

      Run run = slipway("deploy");

      assertEquals(ExitCode.FAILED, run.exit, run.out + run.err);
      assertEquals("host port 127.0.0.1:" + port + " (service 'web') is in use by something other than hello-flask-dev's containers: stop what"
          + " listens there (`ss -ltnp` names it), or publish the service on another port (port N, publish: M); nothing was built or deployed",
          run.err.lines().findFirst().orElse(""));
      assertTrue(!run.out.contains("[build:web]"), "nothing was built:\n" + run.out);
      assertEquals("", containerIdOf("hello-flask-dev-web"), "nothing was started");
    }
    assertEquals(ExitCode.OK, slipway("deploy", "--skip", "test").exit, "the port is free now");
    Run again = slipway("deploy", "--skip", "test");
    assertEquals(ExitCode.OK, again.exit, "the port is held by the environment's own container, which the deploy replaces:\n" + again.out + again.err);
  }

  @Test
  void deploy_containerExitsWhileStarting_reportedAtOnceWithItsExitCodeAndItsLogLines() throws Exception {
    Path script = project.resolve("deploy.groovy");
    // A deadline that a crash must not wait for.
    Files.writeString(script, Files.readString(script).replace("timeout: 20", "timeout: 300"));
    Path app = project.resolve("app/app.py");
    // gunicorn's worker fails to boot, and gunicorn exits with code 3; the engine restarts it, as the restart policy says.
    Files.writeString(app, "raise RuntimeError('no configuration found')\n" + Files.readString(app));
    long start = System.nanoTime();

    Run run = slipway("deploy", "--skip", "test");

    long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertEquals(ExitCode.FAILED, run.exit, run.out + run.err);
    String line = run.err.lines().findFirst().orElse("");
    assertTrue(line.startsWith("deploy:web: service 'web' exited") && line.contains(" while starting")
        && line.endsWith(": its last log lines are above; fix it and deploy again"), line);
    assertTrue(took < 240, "reported when it exited, not at the 300 s deadline: took " + took + " s");
    assertTrue(run.out.contains("warning: last 50 log lines of web:\n  "), run.out);
    assertTrue(run.out.contains("no configuration found"), "the log lines say why:\n" + run.out);
    assertTrue(!run.out.contains("\u001b"), "no terminal escape codes in a log:\n" + run.out);
  }

  private Run slipway(String command, String... extra) {
    return slipwayAt(project.resolve("deploy.groovy"), command, extra);
  }

  private Run slipway(Map<String, String> environmentOverrides, String command) {
    return run(project.resolve("deploy.groovy"), environmentOverrides, command);
  }

  private Run slipwayAt(Path script, String command, String... extra) {
    return run(script, Map.of(), command, extra);
  }

  private Run run(Path script, Map<String, String> environmentOverrides, String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", script.toString(), "--set", "baseImage=" + base));
    if (command.equals("deploy")) {
      // Dependencies come from PyPI through real pip, as for users; pip's cache keeps repeats cheap.
      args.add("--to-engine");
    }
    args.addAll(Arrays.asList(extra));
    Map<String, String> environment = engineEnvironment(environmentOverrides);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), environment))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Map<String, String> engineEnvironment(Map<String, String> overrides) {
    return engine.environment(overrides);
  }

  private record Run(int exit, String out, String err) {}

  private static HttpResponse<String> post(String url, String json) throws InterruptedException, IOException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url) throws InterruptedException, IOException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
