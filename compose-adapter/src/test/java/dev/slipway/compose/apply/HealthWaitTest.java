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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waiting for a service's health check, against a {@link StandInCompose} whose probe and ps answer as a test says. */
class HealthWaitTest {

  private static final Service DB = service("db").image("postgres:16").health(new HealthCheck.Command("pg_isready", Duration.ofSeconds(60))).build();
  private static final String PROBE = "compose * exec -T db sh -c pg_isready";
  private static final String PS = "compose * ps -a --format json db";

  @TempDir Path work;

  @Test
  void await_probePasses_healthyAfterOneProbe() {
    StandInCompose compose = new StandInCompose(work);

    Optional<HealthWait.Failure> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.empty(), failure);
    assertEquals(List.of("compose exec -T db sh -c pg_isready"), compose.commandLines());
  }

  @Test
  void await_probeFailsThenPasses_probesAgain() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "no response"), ok("accepting connections"))
        .on(PS, ok(psLine("d1", "db", 1, "running", "")));

    Optional<HealthWait.Failure> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.empty(), failure);
    assertEquals(List.of("compose exec -T db sh -c pg_isready", "compose ps -a --format json db", "engine inspect --format {{.Id}} {{.RestartCount}}"
        + " {{.State.ExitCode}} d1", "compose exec -T db sh -c pg_isready"), compose.commandLines());
  }

  @Test
  void await_containerExitedAtOnce_saysSoWithItsExitCodeAtOnceNotAtTheDeadline() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "container is not running"))
        .on(PS, ok(psLine("d1", "db", 1, "exited", "")));
    long start = System.nanoTime();

    Optional<HealthWait.Failure> failure = new HealthWait(compose.project(DB)).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.of(new HealthWait.Failure("exited with code 1 while starting", true)), failure);
    long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(took < 10, "took " + took + " s");
    assertEquals(1, compose.commandLines().stream().filter(l -> l.contains("exec")).count());
  }

  @Test
  void await_deadContainer_exitedWhileStarting() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "")).on(PS, ok(psLine("d1", "db", 1, "dead", "")));

    assertEquals(Optional.of(new HealthWait.Failure("exited while starting (the engine marked it dead)", true)),
        wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60)));
  }

  /** Docker shows a container that exited under a restart policy as restarting while it waits to start it again. */
  @Test
  void await_containerRestarting_reportedAtOnceWithItsExitCode() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "")).on(PS, ok(psLine("d1", "db", 1, "restarting", "")));

    Optional<HealthWait.Failure> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.of(new HealthWait.Failure("exited with code 1 while starting, and the engine keeps restarting it", true)), failure);
    assertEquals(1, compose.commandLines().stream().filter(l -> l.contains("exec")).count());
  }

  /** podman restarts it at once: ps shows it running again, and only the engine's restart count shows that it exited. */
  @Test
  void await_engineRestartedItAtOnce_reportedAtTheNextProbe_notAtTheDeadline() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "connection refused"))
        .on(PS, ok(psLine("d1", "db", 1, "running", "")))
        .on("engine inspect *", ok("d1d1d1d1 0 0\n"), ok("d1d1d1d1 1 3\n"));

    Optional<HealthWait.Failure> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.of(new HealthWait.Failure("exited with code 3 while starting, and the engine restarted it", true)), failure);
    assertEquals(2, compose.commandLines().stream().filter(l -> l.contains("exec")).count());
  }

  @Test
  void await_restartsFromBeforeTheWait_notThisDeploys() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, ""), fails(1, ""), ok(""))
        .on(PS, ok(psLine("d1", "db", 1, "running", "")))
        .on("engine inspect *", ok("d1d1d1d1 5 0\n"));

    assertEquals(Optional.empty(), wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60)));
  }

  @Test
  void await_runningButNeverPasses_givesUpAtTheDeadline() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "")).on(PS, ok(psLine("d1", "db", 1, "running", "")));
    long start = System.nanoTime();

    Optional<HealthWait.Failure> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(1));

    assertEquals(Optional.of(new HealthWait.Failure("did not become healthy within 1 s", false)), failure);
    assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void await_whileItWaits_reportsTheSecondsWaitedOfTheDeadline_onTheServicesDeployStep() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "")).on(PS, ok(psLine("d1", "db", 1, "running", "")));
    List<Event> events = new ArrayList<>();

    new HealthWait(compose.project(DB), Duration.ofMillis(20), events::add).await(DB, Optional.empty(), Duration.ofSeconds(2));

    List<Event.Progress> waited = events.stream().map(Event.Progress.class::cast).toList();
    assertFalse(waited.isEmpty());
    assertTrue(waited.stream().allMatch(p -> p.stepId().equals("deploy:db") && p.total().equals(OptionalLong.of(2)) && p.unit().equals("s")), waited.toString());
    assertEquals(0, waited.get(0).done());
    Event.Progress last = waited.get(waited.size() - 1);
    assertEquals("waiting for its health check", last.activity());
    assertTrue(last.done() >= 1 && last.done() <= 2, last.toString());
  }

  /** The engine stopped mid-wait: the service is not to blame, and no deadline brings the engine back. */
  @Test
  void await_engineStopsAnswering_failsAtOnceAsUnreachable_notAtTheDeadline() {
    String gone = "Cannot connect to the Docker daemon at unix:///run/podman/podman.sock. Is the docker daemon running?";
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, gone)).on(PS, fails(1, gone));
    long start = System.nanoTime();

    TargetFailure failure = assertThrows(TargetFailure.class, () -> wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60)));

    assertTrue(failure.unreachable());
    assertTrue(failure.getMessage().startsWith("the container engine is unreachable from "), failure.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    assertEquals(1, compose.commandLines().stream().filter(l -> l.contains("exec")).count());
  }

  @Test
  void await_oneContainer_probesItByIndexAndIgnoresItsExitedSibling() {
    ComposeProject.Container second = new ComposeProject.Container("d2", "shop-dev-db-2", 2, "running", "Up", Map.of());
    StandInCompose compose = new StandInCompose(work).on("compose * exec -T --index 2 db *", fails(1, ""), ok(""))
        .on(PS, ok(psLine("d1", "db", 1, "exited", "") + psLine("d2", "db", 2, "running", "")));

    Optional<HealthWait.Failure> failure = wait(compose).await(DB, Optional.of(second), Duration.ofSeconds(60));

    assertEquals(Optional.empty(), failure);
    assertEquals(2, compose.commandLines().stream().filter(l -> l.startsWith("compose exec -T --index 2 db ")).count());
  }

  private static HealthWait wait(StandInCompose compose) {
    return new HealthWait(compose.project(DB), Duration.ofMillis(20));
  }
}
