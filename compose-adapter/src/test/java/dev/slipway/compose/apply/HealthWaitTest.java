package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.fails;
import static dev.slipway.compose.apply.StandInCompose.ok;
import static dev.slipway.compose.apply.StandInCompose.psLine;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    Optional<String> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.empty(), failure);
    assertEquals(List.of("compose exec -T db sh -c pg_isready"), compose.commandLines());
  }

  @Test
  void await_probeFailsThenPasses_probesAgain() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "no response"), ok("accepting connections"))
        .on(PS, ok(psLine("d1", "db", 1, "running", "")));

    Optional<String> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.empty(), failure);
    assertEquals(List.of("compose exec -T db sh -c pg_isready", "compose ps -a --format json db", "compose exec -T db sh -c pg_isready"),
        compose.commandLines());
  }

  @Test
  void await_containerExitedAtOnce_saysSoAtOnceNotAtTheDeadline() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "container is not running"))
        .on(PS, ok(psLine("d1", "db", 1, "exited", "")));
    long start = System.nanoTime();

    Optional<String> failure = new HealthWait(compose.project(DB)).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.of("exited while starting (Exited (1) 1 second ago)"), failure);
    long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(took < 10, "took " + took + " s");
    assertEquals(1, compose.commandLines().stream().filter(l -> l.contains("exec")).count());
  }

  @Test
  void await_deadContainer_exitedWhileStarting() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "")).on(PS, ok(psLine("d1", "db", 1, "dead", "")));

    assertEquals(Optional.of("exited while starting (dead)"), wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60)));
  }

  @Test
  void await_containerKeepsRestarting_crashLoopAfterItWasSeenRestartingFourTimes() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "")).on(PS, ok(psLine("d1", "db", 1, "restarting", "")));

    Optional<String> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(60));

    assertEquals(Optional.of("keeps restarting (crash loop)"), failure);
    assertEquals(4, compose.commandLines().stream().filter(l -> l.contains("exec")).count());
  }

  @Test
  void await_runningButNeverPasses_givesUpAtTheDeadline() {
    StandInCompose compose = new StandInCompose(work).on(PROBE, fails(1, "")).on(PS, ok(psLine("d1", "db", 1, "running", "")));
    long start = System.nanoTime();

    Optional<String> failure = wait(compose).await(DB, Optional.empty(), Duration.ofSeconds(1));

    assertEquals(Optional.of("did not become healthy within 1 s"), failure);
    assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void await_oneContainer_probesItByIndexAndIgnoresItsExitedSibling() {
    ComposeProject.Container second = new ComposeProject.Container("d2", "shop-dev-db-2", 2, "running", "Up", Map.of());
    StandInCompose compose = new StandInCompose(work).on("compose * exec -T --index 2 db *", fails(1, ""), ok(""))
        .on(PS, ok(psLine("d1", "db", 1, "exited", "") + psLine("d2", "db", 2, "running", "")));

    Optional<String> failure = wait(compose).await(DB, Optional.of(second), Duration.ofSeconds(60));

    assertEquals(Optional.empty(), failure);
    assertEquals(2, compose.commandLines().stream().filter(l -> l.startsWith("compose exec -T --index 2 db ")).count());
  }

  private static HealthWait wait(StandInCompose compose) {
    return new HealthWait(compose.project(DB), Duration.ofMillis(20));
  }
}
