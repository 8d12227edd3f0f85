package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.fails;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.TargetFailure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeDownTest {

  @TempDir Path work;

  @Test
  void run_withoutVolumes_downKeepsThem() {
    StandInCompose compose = new StandInCompose(work);

    ComposeDown.run(compose.cli(), compose.environment(service("web").image("web:1").build()), false);

    assertEquals(List.of(List.of("compose", "-p", "shop-dev", "down", "--remove-orphans")), compose.calls());
  }

  @Test
  void run_withVolumes_downRemovesThem() {
    StandInCompose compose = new StandInCompose(work);

    ComposeDown.run(compose.cli(), compose.environment(service("web").image("web:1").build()), true);

    assertEquals(List.of(List.of("compose", "-p", "shop-dev", "down", "--remove-orphans", "--volumes")), compose.calls());
  }

  @Test
  void run_downFails_failureWithItsLastLine() {
    StandInCompose compose = new StandInCompose(work).on("compose *", fails(1, "Error response from daemon: volume is in use\n"));

    TargetFailure failure =
        assertThrows(TargetFailure.class, () -> ComposeDown.run(compose.cli(), compose.environment(service("web").image("web:1").build()), true));

    assertEquals("could not remove shop-dev: Error response from daemon: volume is in use"
        + ": check that the engine runs and DOCKER_HOST points at it, then run destroy again", failure.getMessage());
    assertFalse(failure.unreachable());
  }

  @Test
  void run_engineUnreachable_unreachableFailure() {
    StandInCompose compose = new StandInCompose(work).on("compose *", fails(1, "dial unix /run/podman/podman.sock: connect: no such file or directory\n"));

    TargetFailure failure =
        assertThrows(TargetFailure.class, () -> ComposeDown.run(compose.cli(), compose.environment(service("web").image("web:1").build()), false));

    assertTrue(failure.unreachable());
  }
}
