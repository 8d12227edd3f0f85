package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.fails;
import static dev.slipway.compose.apply.StandInCompose.ok;
import static dev.slipway.compose.apply.StandInCompose.psLine;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.TargetFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying services in order, against a {@link StandInCompose}. */
class ComposeApplyTest {

  private static final Service WEB = service("web").image("web:1").port(8000).dependsOn("db").build();
  private static final Service DB = service("db").image("postgres:16").health(new HealthCheck.Command("pg_isready", Duration.ofSeconds(60))).build();
  private static final Service WORKER = service("worker").image("worker:1").dependsOn("db").build();

  @TempDir Path work;

  private final List<Event> events = new ArrayList<>();

  @Test
  void apply_servicesInTheGivenOrder_eachHealthCheckedBeforeTheNextStarts() {
    // The db passes its check only at the second probe: nothing else may start before that.
    StandInCompose compose = new StandInCompose(work)
        .on("compose * exec -T db sh -c pg_isready", fails(1, "no response"), ok("accepting connections"))
        .on("compose * ps -a --format json db", ok(psLine("d1", "db", 1, "running", "")));

    apply(compose, List.of("db", "worker", "web"), WEB, DB, WORKER);

    assertEquals(List.of(
        "compose up -d --no-deps db",
        "compose exec -T db sh -c pg_isready",
        "compose ps -a --format json db",
        "engine inspect --format {{.Id}} {{.RestartCount}} {{.State.ExitCode}} d1",
        "compose exec -T db sh -c pg_isready",
        "compose up -d --no-deps worker",
        "compose exec -T worker true",
        "compose up -d --no-deps web",
        "compose exec -T web true"), compose.commandLines());
    assertEquals(List.of(
        "deploy:db " + compose.composeCommand() + " up db, then up to 60 s for its health check",
        "deploy:worker " + compose.composeCommand() + " up worker, then up to 30 s for its health check",
        "deploy:web " + compose.composeCommand() + " up web, then up to 30 s for its health check"),
        events.stream().map(e -> (Event.StepProgress) e).map(p -> p.stepId() + " " + p.detail()).toList());
  }

  @Test
  void apply_composeFileAndProjectNamedToCompose() {
    StandInCompose compose = new StandInCompose(work);

    apply(compose, List.of("db"), DB);

    assertEquals(List.of("compose", "-p", "shop-dev", "-f", work.resolve("compose.yaml").toString(), "--project-directory", work.toString(),
        "up", "-d", "--no-deps", "db"), compose.calls().get(0));
  }

  @Test
  void apply_serviceExitsWhileStarting_itsLogsShownAndTheServicesAfterItNotStarted() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose * exec -T db *", fails(1, "container is not running"))
        .on("compose * ps -a --format json db", ok(psLine("d1", "db", 1, "exited", "")))
        .on("compose * logs --no-color --tail 50 db", ok("db-1  | FATAL: data directory has wrong ownership\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> apply(compose, List.of("db", "web"), WEB, DB));

    assertEquals("service 'db' exited with code 1 while starting: its last log lines are above; fix it and deploy again", failure.getMessage());
    assertFalse(failure.unreachable());
    assertEquals("last 50 log lines of db:\ndb-1  | FATAL: data directory has wrong ownership\n", ((Event.Warning) events.get(1)).message());
    assertFalse(compose.commandLines().contains("compose up -d --no-deps web"));
  }

  @Test
  void apply_engineUnreachable_unreachableFailure() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose * up *", fails(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> apply(compose, List.of("db"), DB));

    assertEquals("the container engine is unreachable from " + compose.composeCommand()
        + ": start it (podman system service, or the Docker daemon) and check DOCKER_HOST", failure.getMessage());
    assertTrue(failure.unreachable());
  }

  @Test
  void apply_composeCannotStartTheService_failureNamesItsLastLineAndTheFile() {
    StandInCompose compose = new StandInCompose(work).on("compose * up *", fails(1, "pulling db\nError: manifest unknown\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> apply(compose, List.of("db"), DB));

    assertEquals("compose could not start service 'db': Error: manifest unknown: fix that and deploy again (the file Compose was given: "
        + work.resolve("compose.yaml") + ")", failure.getMessage());
    assertFalse(failure.unreachable());
  }

  @Test
  void apply_frontedServiceWithChangedConfig_rolledThenItsProxyStarted() {
    Service api = service("api").python("app", "python app.py").port(8000).replicas(2).build();
    String hash = "com.docker.compose.config-hash=";
    StandInCompose compose = new StandInCompose(work)
        .on("compose * ps -a --format json api-proxy", ok(psLine("p1", "api-proxy", 1, "running", "")))
        .on("compose * ps -a --format json api",
            ok(psLine("old1", "api", 1, "running", hash + "aaa")),
            ok(psLine("old1", "api", 1, "running", hash + "aaa") + psLine("new2", "api", 2, "running", hash + "bbb")
                + psLine("new3", "api", 3, "running", hash + "bbb")))
        .on("compose * config --hash api", ok("api bbb\n"));

    apply(compose, List.of("api"), api);

    List<String> lines = compose.commandLines();
    assertTrue(lines.contains("compose up -d --no-deps --no-recreate --scale api=3 api"), lines.toString());
    assertFalse(lines.contains("compose up -d --no-deps api"), lines.toString());
    assertEquals("compose up -d --no-deps --force-recreate api-proxy", lines.get(lines.size() - 1));
  }

  @Test
  void apply_rollingServiceUnchanged_composeLeavesItAloneThenItsProxyStarted() {
    Service api = service("api").python("app", "python app.py").port(8000).replicas(2).build();
    StandInCompose compose = new StandInCompose(work)
        .on("compose * ps -a --format json api", ok(psLine("old1", "api", 1, "running", "com.docker.compose.config-hash=aaa")))
        .on("compose * config --hash api", ok("api aaa\n"));

    apply(compose, List.of("api"), api);

    assertEquals(List.of(
        "compose ps -a --format json api",
        "compose config --hash api",
        "compose up -d --no-deps api",
        // Several copies: each one that runs is probed, since Compose may just have added or removed some (a scale).
        "compose ps -a --format json api",
        "compose exec -T --index 1 api true",
        "compose ps -a --format json api-proxy",
        "compose up -d --no-deps --no-recreate api-proxy"), compose.commandLines());
  }

  private void apply(StandInCompose compose, List<String> order, Service... services) {
    ComposeProject project = compose.project(services);
    new ComposeApply(project, "127.0.0.1", new HealthWait(project, Duration.ofMillis(20)), events::add).apply(order, java.util.Map.of());
  }
}
