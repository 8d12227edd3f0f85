package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.cli.ComposeEngine.SlipwayRun;
import dev.slipway.core.testing.ContainerTools;
import java.io.IOException;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-world fixture projects of fixtures/e2e, each deployed with {@code slipway deploy --env
 * dev} to real podman through Compose v2, then used the way their users use them: HTTP through the
 * published port, across every service of the project. Each ends with {@code destroy --volumes},
 * after which nothing of it may be left in the engine. Third-party images (nginx, Redis,
 * PostgreSQL) are built from Debian packages, since Docker Hub is out of reach, and given to the
 * scripts by {@code --set}, as a user without Docker Hub would.
 */
class RealWorldComposeIT {

  private static ComposeEngine engine;
  private static String nginx;
  private static String redis;
  private static String postgres;

  @TempDir Path work;

  @BeforeAll
  static void startEngine() throws IOException, InterruptedException {
    engine = ComposeEngine.start();
    // curl, as in the official nginx image: the proxy's http health check runs inside it.
    nginx = ComposeEngine.debianImage("nginx:bookworm", "nginx-light curl", "[\"nginx\",\"-g\",\"daemon off;\"]");
    redis = ComposeEngine.debianImage("redis:7", "redis-server", "[\"redis-server\",\"--protected-mode\",\"no\",\"--bind\",\"0.0.0.0\"]");
    postgres = ComposeEngine.debianImage("postgres:15", "postgresql-15", "[\"postgres-entrypoint\"]", "images/postgres");
  }

  @AfterAll
  static void stopEngine() throws InterruptedException {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void nginxFlask_theFrontBuiltFromItsDockerfileServesItsPage_andForwardsTheApiWithItsMountedConfig() throws Exception {
    Fixture fixture = fixture("nginx-flask", Map.of(), "--set", "nginxBase=" + nginx);
    try {
      fixture.deploy();

      HttpResponse<String> page = get("http://127.0.0.1:18081/");
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(page.body().contains("nginx-flask front page"), "the static page COPY'd by proxy/Dockerfile: " + page.body());
      assertTrue(page.headers().firstValue("Server").orElse("").startsWith("nginx"), page.headers().map().toString());
      // Only proxy/nginx.conf, mounted by `file`, forwards /api/: Debian's own configuration answers 404.
      HttpResponse<String> api = get("http://127.0.0.1:18081/api/greeting");
      assertEquals(200, api.statusCode(), api.body());
      assertTrue(api.body().contains("\"greeting\":\"hello from the api behind nginx\""), "GREETING from .env, by envFile: " + api.body());
      assertTrue(api.headers().firstValue("Server").orElse("").startsWith("nginx"), "answered through nginx: " + api.headers().map());
      assertFalse(publishedPorts("nginx-flask-dev-api").contains("->"), "`expose 8000` publishes nothing on the host");
      assertEquals(List.of("nginx-flask-dev_back", "nginx-flask-dev_front"), networksOf("nginx-flask-dev-proxy"));
      assertEquals(List.of("nginx-flask-dev_back"), networksOf("nginx-flask-dev-api"), "the api is on the back network only");
      fixture.assertHealthy("proxy", "api");
    } finally {
      fixture.destroyAndAssertNothingLeft();
    }
  }

  @Test
  void flaskRedis_eachHitCountsInRedis_andTheCountOutlivesTheContainersInItsVolume() throws Exception {
    Fixture fixture = fixture("flask-redis", Map.of(), "--set", "redisImage=" + redis);
    try {
      fixture.deploy();

      HttpResponse<String> first = get("http://127.0.0.1:18082/");
      assertEquals(200, first.statusCode(), first.body());
      assertTrue(first.headers().firstValue("Server").orElse("").startsWith("gunicorn"), "the detected command serves with gunicorn: " + first.headers().map());
      int hits = hits(first.body());
      assertEquals(hits + 1, hits(get("http://127.0.0.1:18082/").body()), "the second hit counts one more");
      assertFalse(publishedPorts("flask-redis-dev-redis").contains("->"), "`expose 6379` publishes nothing on the host");
      fixture.assertHealthy("web", "redis");

      // Redis writes its append-only file into the volume (its `command` says --dir /data): a
      // plain destroy keeps the volume, so the count goes on after a new deploy.
      SlipwayRun destroy = fixture.slipway("destroy");
      assertEquals(ExitCode.OK, destroy.exit(), destroy.both());
      fixture.deploy();
      assertEquals(hits + 2, hits(get("http://127.0.0.1:18082/").body()), "the count survived in the volume");
    } finally {
      fixture.destroyAndAssertNothingLeft();
    }
  }

  @Test
  void fastapiPackage_theDetectedUvicornServesTheAppOfItsSrcPackage() throws Exception {
    Fixture fixture = fixture("fastapi-package", Map.of());
    try {
      SlipwayRun plan = fixture.slipway("plan");
      assertEquals(ExitCode.OK, plan.exit(), plan.both());
      assertTrue(plan.out().contains("uvicorn") && plan.out().contains("inventory.main:app"), "start command detected in the package:\n" + plan.out());

      fixture.deploy();

      HttpResponse<String> health = get("http://127.0.0.1:18083/health");
      assertEquals(200, health.statusCode(), health.body());
      assertEquals("{\"status\":\"ok\",\"version\":\"0.3.0\"}", health.body());
      assertTrue(health.headers().firstValue("Server").orElse("").startsWith("uvicorn"), health.headers().map().toString());
      assertEquals(201, post("http://127.0.0.1:18083/items", "{\"name\": \"bolt\", \"quantity\": 3}").statusCode());
      assertEquals(201, post("http://127.0.0.1:18083/items", "{\"name\": \"bolt\", \"quantity\": 2}").statusCode());
      assertEquals(422, post("http://127.0.0.1:18083/items", "{\"name\": \"bolt\", \"quantity\": 0}").statusCode(), "FastAPI validates the body");
      assertEquals("[{\"name\":\"bolt\",\"quantity\":5}]", get("http://127.0.0.1:18083/items").body());
      fixture.assertHealthy("api");
    } finally {
      fixture.destroyAndAssertNothingLeft();
    }
  }

  @Test
  void djangoPostgres_migratedByThePipelinesRunStage_readsAndWritesPostgres_withTheDashedSecrets() throws Exception {
    String password = "pw-" + System.nanoTime();
    String secretKey = "key-" + System.nanoTime();
    Fixture fixture = fixture("django-postgres", Map.of("GUESTBOOK_DB_PASSWORD", password, "GUESTBOOK_SECRET_KEY", secretKey),
        "--set", "postgresImage=" + postgres);
    try {
      SlipwayRun deploy = fixture.deploy();
      assertTrue(deploy.out().lines().anyMatch(l -> l.startsWith("[run:migrate:web]") && l.contains("`python manage.py migrate --noinput` exited 0")),
          "the migrate stage ran:\n" + deploy.out());

      HttpResponse<String> signed = post("http://127.0.0.1:18084/entries", "{\"author\": \"ann\", \"message\": \"fair winds\"}");
      assertEquals(201, signed.statusCode(), signed.body());
      assertTrue(signed.headers().firstValue("Server").orElse("").startsWith("gunicorn"), "the detected command serves with gunicorn: " + signed.headers().map());
      HttpResponse<String> entries = get("http://127.0.0.1:18084/entries");
      assertEquals(200, entries.statusCode(), entries.body());
      assertTrue(entries.body().contains("\"author\": \"ann\", \"message\": \"fair winds\""), entries.body());
      assertFalse(publishedPorts("django-postgres-dev-db").contains("->"), "`expose 5432` publishes nothing on the host");
      fixture.assertHealthy("web", "db");
      assertFalse(deploy.both().contains(password) || deploy.both().contains(secretKey), "a secret leaked into the output");
      try (Stream<Path> state = Files.walk(fixture.project.resolve(".slipway"))) {
        for (Path file : state.filter(Files::isRegularFile).toList()) {
          String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
          assertFalse(text.contains(password) || text.contains(secretKey), "a secret leaked into " + file);
        }
      }
    } finally {
      fixture.destroyAndAssertNothingLeft();
    }
  }

  private Fixture fixture(String name, Map<String, String> environment, String... settings) throws IOException {
    return new Fixture(name, ExampleCopy.ofFixture("e2e/" + name, work), environment, List.of(settings));
  }

  /** A private copy of one fixture project and how its commands are run. */
  private record Fixture(String name, Path project, Map<String, String> environment, List<String> settings) {

    SlipwayRun slipway(String command, String... extra) {
      List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(), "--env", "dev",
          "--set", "baseImage=" + engine.baseImage(), "--set", "registry=" + engine.registry().address() + "/fixtures"));
      args.addAll(settings);
      args.addAll(Arrays.asList(extra));
      return engine.slipway(environment, args);
    }

    SlipwayRun deploy() {
      // Images go into podman itself; dependencies come from PyPI through real pip, as for users.
      SlipwayRun deploy = slipway("deploy", "--to-engine");
      assertEquals(ExitCode.OK, deploy.exit(), deploy.both());
      return deploy;
    }

    void assertHealthy(String... services) {
      SlipwayRun status = slipway("status");
      assertEquals(ExitCode.OK, status.exit(), status.both());
      for (String service : services) {
        assertTrue(status.out().lines().anyMatch(l -> l.matches(service + "\\s+1/1 healthy\\s.*")), service + " is not healthy:\n" + status.out());
      }
    }

    void destroyAndAssertNothingLeft() {
      SlipwayRun destroy = slipway("destroy", "--volumes");
      assertEquals(ExitCode.OK, destroy.exit(), destroy.both());
      String composeProject = name + "-dev";
      assertEquals("", ContainerTools.run(List.of("podman", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + composeProject)).strip(),
          "no container of " + composeProject + " is left");
      assertEquals("", ContainerTools.run(List.of("podman", "ps", "-aq", "--filter", "name=" + composeProject)).strip(), "no container named " + composeProject + "*");
      assertFalse(ContainerTools.run(List.of("podman", "volume", "ls", "--format", "{{.Name}}")).contains(composeProject + "_"), "its volumes are gone");
      assertFalse(ContainerTools.run(List.of("podman", "network", "ls", "--format", "{{.Name}}")).contains(composeProject + "_"), "its networks are gone");
    }
  }

  private static int hits(String json) {
    return Integer.parseInt(json.replaceAll("\\D", ""));
  }

  private static String publishedPorts(String container) {
    return ContainerTools.run(List.of("podman", "ps", "--filter", "name=" + container, "--format", "{{.Ports}}"));
  }

  /** The networks of the first container whose name starts with {@code prefix}, sorted. */
  private static List<String> networksOf(String prefix) {
    String id = ContainerTools.run(List.of("podman", "ps", "-q", "--filter", "name=" + prefix)).strip().lines().findFirst().orElse("");
    assertFalse(id.isEmpty(), "no container " + prefix + "*");
    String names = ContainerTools.run(List.of("podman", "inspect", "--format", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}", id));
    return Arrays.stream(names.strip().split("\\s+")).sorted().toList();
  }

  private static HttpResponse<String> get(String url) throws InterruptedException, IOException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String json) throws InterruptedException, IOException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
