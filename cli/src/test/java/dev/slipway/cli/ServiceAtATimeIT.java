package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One service at a time on real podman and Compose v2: examples/microservices (api, worker, redis)
 * deployed whole, then {@code deploy api}, {@code rollback}, {@code deploy worker} with redis
 * stopped, {@code --with-dependencies}, {@code scale api=3} and the deploys after it. Other
 * services' containers are compared by id: one that is not recreated keeps it.
 */
class ServiceAtATimeIT {

  /** The api's front proxy publishes it here (the brief's port range for these tests). */
  private static final int API_PORT = 19101;

  private static ComposeEngine engine;
  private static String redisImage;

  @TempDir Path work;
  private Path script;

  @BeforeAll
  static void startEngine() throws IOException, InterruptedException {
    engine = ComposeEngine.start();
    redisImage = ComposeEngine.debianImage("redis:7", "redis-server", "[\"redis-server\",\"--protected-mode\",\"no\",\"--bind\",\"0.0.0.0\"]");
  }

  @AfterAll
  static void stopEngine() throws InterruptedException {
    if (engine != null) {
      engine.close();
    }
  }

  @AfterEach
  void destroy() {
    if (script != null) {
      slipway("destroy");
    }
  }

  @Test
  void servicesDeployedScaledAndRolledBackOneAtATime_leaveTheOthersRunningUntouched() throws Exception {
    Path micro = ExampleCopy.of("microservices", work);
    script = micro.resolve("deploy.groovy");
    // Its own project name and host ports, so other tests on the machine do not collide; api updates rolling,
    // which gives it the front proxy that lets several copies share its published port.
    Files.writeString(script, Files.readString(script)
        .replace("project 'microservices'", "project 'm1micro'")
        .replace("    port 8080\n", "    port 8080, publish: " + API_PORT + "\n    rolling true\n")
        .replace("    port 6379\n", "    port 6379, publish: 19102\n"));
    Run first = slipway("deploy", "--skip", "test");
    assertEquals(ExitCode.OK, first.exit, first.out + first.err);
    String redis = containerIdOf("m1micro-dev-redis-1");
    String worker = containerIdOf("m1micro-dev-worker-1");
    String api = containerIdOf("m1micro-dev-api-1");
    assertEquals("ok", get("/healthz"));

    // deploy api: built, tested and deployed alone; worker and redis keep their containers.
    Path code = micro.resolve("jobs/api.py");
    Files.writeString(code, Files.readString(code) + "\n\n@app.get(\"/version\")\ndef version():\n    return \"v2\"\n");
    Run apiOnly = slipway("deploy", "api");
    assertEquals(ExitCode.OK, apiOnly.exit, apiOnly.out + apiOnly.err);
    assertTrue(apiOnly.out.contains("[test:api]") && apiOnly.out.contains("[deploy:api]"), apiOnly.out);
    assertFalse(apiOnly.out.contains(":worker]") || apiOnly.out.contains(":redis]"), "only api's steps ran:\n" + apiOnly.out);
    assertEquals("v2", get("/version"));
    assertNotEquals(api, containerIdOf("m1micro-dev-api-[0-9]"));
    assertEquals(worker, containerIdOf("m1micro-dev-worker-1"), "worker was not recreated");
    assertEquals(redis, containerIdOf("m1micro-dev-redis-1"), "redis was not recreated");
    assertTrue(slipway("history").out.lines().anyMatch(l -> l.matches("\\s+2 .* succeeded\\s+\\[api\\]")), slipway("history").out);

    // rollback of that release: api's release-1 files again, nothing else touched.
    Run rollback = slipway("rollback");
    assertEquals(ExitCode.OK, rollback.exit, rollback.out + rollback.err);
    assertEquals("release 3: restored release 1 for api", rollback.out.lines().reduce((a, b) -> b).orElse(""));
    assertNotEquals("v2", get("/version"), "api runs release 1's code again");
    assertEquals(worker, containerIdOf("m1micro-dev-worker-1"));
    assertEquals(redis, containerIdOf("m1micro-dev-redis-1"));

    // deploy worker while redis, which it depends on, is stopped: refused before anything is built.
    ContainerTools.run(List.of("podman", "stop", "-t", "2", "m1micro-dev-redis-1"));
    Run refused = slipway("deploy", "--skip", "test", "worker");
    assertEquals(ExitCode.FAILED, refused.exit, refused.out + refused.err);
    assertEquals("service 'worker' depends on 'redis', which is not running (0/1): deploy it first (slipway deploy --env dev redis)"
        + " or add --with-dependencies; nothing was built", refused.err.lines().findFirst().orElse(""));
    assertFalse(refused.out.contains("[build:worker]"), refused.out);
    assertEquals(3, slipway("history").out.lines().count(), "no release was recorded");

    // --with-dependencies deploys redis (and api) first. A new worker image too, so the worker is recreated with a fresh
    // connection rather than left to its restart policy after losing the redis it was connected to.
    Path workerCode = micro.resolve("jobs/worker.py");
    Files.writeString(workerCode, Files.readString(workerCode) + "\n# reconnect by restarting\n");
    Run withDependencies = slipway("deploy", "--skip", "test", "--with-dependencies", "worker");
    assertEquals(ExitCode.OK, withDependencies.exit, withDependencies.out + withDependencies.err);
    assertTrue(withDependencies.out.contains("[deploy:redis]"), withDependencies.out);
    assertEquals(ExitCode.OK, slipway("status", "redis").exit);

    // scale api=3: three healthy copies behind the proxy, recorded as a release of api.
    String proxy = containerIdOf("m1micro-dev-api-proxy");
    worker = containerIdOf("m1micro-dev-worker-1");
    Run scale = slipway("scale", "api=3");
    assertEquals(ExitCode.OK, scale.exit, scale.out + scale.err);
    assertEquals("release 5: succeeded — api runs 3 copies", scale.out.strip().lines().reduce((a, b) -> b).orElse(""));
    assertEquals(3, runningCopies("api"));
    Run status = slipway("status", "api");
    assertEquals(ExitCode.OK, status.exit, status.out + status.err);
    assertTrue(status.out.lines().anyMatch(l -> l.matches("api\\s+3/3 healthy.*")), status.out);
    assertFalse(status.out.contains("worker"), "status api shows api only:\n" + status.out);
    assertEquals(proxy, containerIdOf("m1micro-dev-api-proxy"), "the published port stayed up");
    assertEquals(worker, containerIdOf("m1micro-dev-worker-1"));
    assertEquals("ok", get("/healthz"));

    // A deploy of another service keeps api's scaled count.
    Run workerOnly = slipway("deploy", "--skip", "test", "worker");
    assertEquals(ExitCode.OK, workerOnly.exit, workerOnly.out + workerOnly.err);
    assertFalse(workerOnly.out.contains("copies set by slipway scale"), workerOnly.out);
    assertEquals(3, runningCopies("api"));

    // A deploy of api applies the script's replicas again, and says so.
    Run apiAgain = slipway("deploy", "--skip", "test", "api");
    assertEquals(ExitCode.OK, apiAgain.exit, apiAgain.out + apiAgain.err);
    assertTrue(apiAgain.out.contains("service 'api' runs 3 copies set by slipway scale; this deploy applies the script's replicas (1) again"), apiAgain.out);
    assertEquals(1, runningCopies("api"));

    // history api: the releases that changed api, whole-environment ones included, not the worker-only one.
    List<String> apiHistory = slipway("history", "api").out.lines().map(l -> l.strip().split("\\s+")[0]).toList();
    assertEquals(List.of("1", "2", "3", "4", "5", "7"), apiHistory);
  }

  private static int runningCopies(String service) {
    return (int) ContainerTools.run(List.of("podman", "ps", "-q", "--filter", "name=m1micro-dev-" + service + "-[0-9]")).strip().lines().count();
  }

  private static String containerIdOf(String name) {
    return ContainerTools.run(List.of("podman", "ps", "-q", "--filter", "name=" + name)).strip();
  }

  private static String get(String path) throws IOException, InterruptedException {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + API_PORT + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
  }

  private Run slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", script.toString(), "--set", "baseImage=" + engine.baseImage(), "--set", "redisImage=" + redisImage));
    if (command.equals("deploy")) {
      args.add("--to-engine");
    }
    args.addAll(Arrays.asList(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), engine.environment(java.util.Map.of())))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
