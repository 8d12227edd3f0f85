package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.fails;
import static dev.slipway.compose.apply.StandInCompose.ok;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.compose.ComposeSettings;
import dev.slipway.compose.ComposeTarget;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring: a {@link StandInCompose} chosen by {@code SLIPWAY_COMPOSE_CLI} in the deploy's environment, as a user sets it. */
class ComposeDeployerTest {

  private static final Service WEB = service("web").image("web:1").build();
  private static final ComposeDeployer DEPLOYER = new ComposeDeployer(new ComposeSettings(Optional.empty(), ComposeSettings.DEFAULT_BIND));

  @TempDir Path work;
  private FakeEngineApi engine;

  @BeforeEach
  void startEngine() throws IOException {
    engine = FakeEngineApi.at(work.resolve("engine/podman.sock"), FakeEngineApi.PODMAN);
  }

  @AfterEach
  void stopEngine() throws IOException {
    engine.close();
  }

  @Test
  void status_aboutLines_nameTheEngineFromDockerHost_andTheComposeCli() {
    StandInCompose compose = new StandInCompose(work).on("compose -p shop-dev ps *", ok("[]\n")).on("compose version", ok("Docker Compose version v2.26.1\n"));

    TargetStatus status = DEPLOYER.status(request(compose), context(compose, work.resolve(".slipway/state/dev")));

    assertEquals(List.of("engine: podman 4.3.1 (" + engine.host() + ", from DOCKER_HOST)", "compose: " + compose.composeCommand() + " 2.26.1"), status.about());
  }

  @Test
  void dockerHostDead_everyCommandFailsUnreachable_beforeComposeRuns() throws IOException {
    StandInCompose compose = new StandInCompose(work);
    engine.close();

    TargetFailure failure = assertThrows(TargetFailure.class, () -> DEPLOYER.logs(request(compose), Optional.empty(), 10, context(compose, work)));

    assertEquals("DOCKER_HOST=" + engine.host() + " does not answer (no such socket): start the engine there, or unset DOCKER_HOST to let Slipway find an engine",
        failure.getMessage());
    assertTrue(failure.unreachable());
    assertEquals(List.of(), compose.calls());
  }

  @Test
  void engineSocket_isFoundOncePerCommand_andNotAfterItsEnd() throws IOException {
    StandInCompose compose = new StandInCompose(work);
    DeployContext context = context(compose, work.resolve(".slipway/state/dev"));
    DEPLOYER.destroy(request(compose), false, context);
    // The engine stops answering: a second call of the same command does not look again.
    engine.close();

    DEPLOYER.destroy(request(compose), false, context);
    context.close();

    assertEquals(2, compose.calls().size());
    assertThrows(IllegalStateException.class, () -> DEPLOYER.destroy(request(compose), false, context));
  }

  @Test
  void apply_composeGivenTheFileWrittenToTheStateDirectory() throws IOException {
    StandInCompose compose = new StandInCompose(work);
    Path stateDir = work.resolve(".slipway/state/dev");

    DEPLOYER.apply(new RenderedFile("compose.yaml", "services: {web: {image: web:1}}\n"), request(compose), List.of("web"), context(compose, stateDir));

    assertEquals("services: {web: {image: web:1}}\n", Files.readString(stateDir.resolve("compose.yaml")));
    assertEquals(List.of("compose", "-p", "shop-dev", "-f", stateDir.resolve("compose.yaml").toString(), "--project-directory", work.toString(),
        "up", "-d", "--no-deps", "web"), compose.calls().get(0));
  }

  @Test
  void logs_throughTheStateDirectorysFile() {
    StandInCompose compose = new StandInCompose(work).on("compose * logs --no-color --tail 10 web", ok("web-1  | ready\n"));
    Path stateDir = work.resolve(".slipway/state/dev");

    String logs = DEPLOYER.logs(request(compose), Optional.of("web"), 10, context(compose, stateDir));

    assertEquals("web-1  | ready\n", logs);
    assertEquals(stateDir.resolve("compose.yaml").toString(), compose.calls().get(0).get(4));
  }

  @Test
  void destroy_withAndWithoutVolumes() {
    StandInCompose compose = new StandInCompose(work);
    DeployContext context = context(compose, work.resolve(".slipway/state/dev"));

    DEPLOYER.destroy(request(compose), false, context);
    DEPLOYER.destroy(request(compose), true, context);

    assertEquals(List.of("compose -p shop-dev down --remove-orphans", "compose -p shop-dev down --remove-orphans --volumes"),
        compose.calls().stream().map(c -> String.join(" ", c)).toList());
  }

  @Test
  void preflight_throughTheTarget_checksTheEngineWithTheChosenCli() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose -p shop-dev ps *", fails(1, "Cannot connect to the Docker daemon at unix:///run/none.sock. Is the docker daemon running?\n"));
    RenderRequest request = request(compose);

    TargetFailure failure = assertThrows(TargetFailure.class, () -> new ComposeTarget().preflight(request, Set.of("web"), context(compose, work.resolve(".slipway/state/dev"))));

    assertTrue(failure.unreachable());
    assertEquals(List.of("compose ps -a --format json"), compose.commandLines());
  }

  private static RenderRequest request(StandInCompose compose) {
    return new RenderRequest(compose.environment(WEB), Map.of("web", "web:1"), Optional.empty());
  }

  /** The deploy's environment: the stand-in as the Compose CLI, and DOCKER_HOST on {@link #engine}, as a user sets them. */
  private DeployContext context(StandInCompose compose, Path stateDir) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("SLIPWAY_COMPOSE_CLI", compose.composeCommand());
    environment.put("DOCKER_HOST", engine.host());
    return new DeployContext(stateDir, environment, EventListener.NONE);
  }
}
