package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.fails;
import static dev.slipway.compose.apply.StandInCompose.ok;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.TargetFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeRunOnceTest {

  private static final Service API = service("api").image("shop/api:1").build();
  private static final OneOffRunner.OneOff MIGRATE = new OneOffRunner.OneOff("migrate", "api", "python manage.py migrate", Duration.ofSeconds(60));

  @TempDir Path work;
  private final List<Event> events = new ArrayList<>();

  @Test
  void run_composeRunsTheCommandOnceWithShInTheServicesContainer_startingNothingElse() {
    StandInCompose compose = new StandInCompose(work).on("compose * run *", ok("Operations to perform: 3 migrations\n"));

    new ComposeRunOnce(compose.cli(), events::add).run(compose.project(API), MIGRATE);

    assertEquals(
        List.of(
            "engine rm -f shop-dev-api-migrate-run",
            "compose run --rm --no-deps -T --name shop-dev-api-migrate-run --entrypoint sh api -c python manage.py migrate"),
        compose.commandLines());
    assertEquals(List.of("-c", "python manage.py migrate"), tail(compose.calls().get(1), 2), "the command is one argument of sh -c");
    assertTrue(events.stream().noneMatch(Event.Warning.class::isInstance), events.toString());
  }

  @Test
  void run_nonZeroExit_failsWithTheExitCodeAndShowsTheLastOutputLines() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose * run *", fails(1, "Applying notes.0002_tags...\ndjango.db.utils.OperationalError: no such table: notes\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> new ComposeRunOnce(compose.cli(), events::add).run(compose.project(API), MIGRATE));

    assertEquals("`python manage.py migrate` in service 'api' (stage 'migrate') exited with code 1: django.db.utils.OperationalError: no such table:"
        + " notes (its last output lines are above): fix it and deploy again", failure.getMessage());
    assertFalse(failure.unreachable());
    String warning = events.stream().filter(Event.Warning.class::isInstance).map(e -> ((Event.Warning) e).message()).findFirst().orElseThrow();
    assertTrue(warning.contains("Applying notes.0002_tags...\ndjango.db.utils.OperationalError"), warning);
  }

  @Test
  void run_engineDown_isUnreachable() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose * run *", fails(1, "Cannot connect to the Docker daemon at unix:///run/none.sock. Is the docker daemon running?\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> new ComposeRunOnce(compose.cli(), events::add).run(compose.project(API), MIGRATE));

    assertTrue(failure.unreachable(), failure.getMessage());
  }

  @Test
  void containerName_isWhatAnEngineAccepts() {
    StandInCompose compose = new StandInCompose(work);

    assertEquals("shop-dev-api-db-migrate-run",
        ComposeRunOnce.containerName(compose.project(API), new OneOffRunner.OneOff("DB migrate", "api", "x", Duration.ofSeconds(1))));
  }

  private static List<String> tail(List<String> list, int count) {
    return list.subList(list.size() - count, list.size());
  }
}
