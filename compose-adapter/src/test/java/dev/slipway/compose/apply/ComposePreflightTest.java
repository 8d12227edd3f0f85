package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.fails;
import static dev.slipway.compose.apply.StandInCompose.ok;
import static dev.slipway.compose.apply.StandInCompose.psLine;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.compose.ComposeSettings;
import dev.slipway.core.event.Event;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.target.TargetFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks before a Compose deploy, against a {@link StandInCompose} for the CLI and the engine,
 * and a real listening socket for a host port that something else holds.
 */
class ComposePreflightTest {

  private static final String PS = "compose -p shop-dev ps -a --format json";

  @TempDir Path work;

  private final List<Event> events = new ArrayList<>();
  private ServerSocket stranger;
  private int taken;

  @BeforeEach
  void somethingElseListens() throws IOException {
    stranger = new ServerSocket(0, 50, InetAddress.getByName(ComposeSettings.DEFAULT_BIND));
    taken = stranger.getLocalPort();
  }

  @AfterEach
  void stopIt() throws IOException {
    stranger.close();
  }

  @Test
  void check_portTakenBySomethingElse_failsNamingThePortAndTheService_notUnreachable() {
    StandInCompose compose = new StandInCompose(work).on(PS, ok(""));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> check(compose, web(taken)));

    assertEquals("host port 127.0.0.1:" + taken + " (service 'web') is in use by something other than shop-dev's containers: stop what"
        + " listens there (`ss -ltnp` names it), or publish the service on another port (port N, publish: M); nothing was built or deployed",
        failure.getMessage());
    assertFalse(failure.unreachable());
  }

  @Test
  void check_portHeldByTheEnvironmentsOwnContainer_passes() {
    StandInCompose compose = new StandInCompose(work).on(PS, ok(psLine("w1", "web", 1, "running", "", taken)));

    assertDoesNotThrow(() -> check(compose, web(taken)));
  }

  @Test
  void check_portFree_passes() throws IOException {
    int free;
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(ComposeSettings.DEFAULT_BIND))) {
      free = socket.getLocalPort();
    }
    StandInCompose compose = new StandInCompose(work).on(PS, ok(""));

    assertDoesNotThrow(() -> check(compose, web(free)));
  }

  @Test
  void check_replicasWithoutAProxy_engineChoosesTheirHostPorts_notChecked() {
    StandInCompose compose = new StandInCompose(work).on(PS, ok(""));
    Service replicated = service("cache").image("redis:7").port(taken).replicas(2).build();

    assertDoesNotThrow(() -> check(compose, replicated));
  }

  @Test
  void check_unpublishedPortWhoseNumberIsTakenOnTheHost_notChecked() {
    StandInCompose compose = new StandInCompose(work).on(PS, ok(""));
    Service mongo = service("mongo").image("mongo:7").port(new Port(taken, Port.NOT_PUBLISHED, TestModel.HERE)).build();

    assertDoesNotThrow(() -> check(compose, mongo));
  }

  @Test
  void check_frontedService_itsProxyPublishesThePort_checked() {
    StandInCompose compose = new StandInCompose(work).on(PS, ok(""));
    Service api = service("api").python("app", "python app.py").port(taken).replicas(2).build();

    TargetFailure failure = assertThrows(TargetFailure.class, () -> check(compose, api));

    assertTrue(failure.getMessage().startsWith("host port 127.0.0.1:" + taken + " (service 'api') is in use"), failure.getMessage());
  }

  @Test
  void check_engineUnreachable_unreachableFailure() {
    StandInCompose compose = new StandInCompose(work)
        .on(PS, fails(1, "Cannot connect to the Docker daemon at unix:///run/none.sock. Is the docker daemon running?\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> check(compose, web(taken)));

    assertEquals("the container engine is unreachable from " + compose.composeCommand()
        + ": start it (podman system service, or the Docker daemon) and check DOCKER_HOST", failure.getMessage());
    assertTrue(failure.unreachable());
  }

  @Test
  void check_composeCliCannotRun_unreachableFailureNamingIt() {
    ComposeCli missing = new ComposeCli(List.of(work.resolve("no-compose").toString()), List.of("podman"), System.getenv());

    TargetFailure failure = assertThrows(TargetFailure.class,
        () -> new ComposePreflight(missing, new StandInCompose(work).environment(web(taken)), ComposeSettings.DEFAULT_BIND, events::add).check());

    assertTrue(failure.getMessage().startsWith("the Compose CLI `" + work.resolve("no-compose") + "` cannot run ("), failure.getMessage());
    assertTrue(failure.getMessage().endsWith(": install Compose v2 (scripts/setup-containers does), or name one that runs with"
        + " compose(cli: '...') or SLIPWAY_COMPOSE_CLI"), failure.getMessage());
    assertTrue(failure.unreachable());
  }

  @Test
  void check_composeCliBroken_unreachableFailureWithItsLastLine() {
    StandInCompose compose = new StandInCompose(work).on("compose *", fails(1, "docker: 'compose' is not a docker command.\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> check(compose, web(taken)));

    assertEquals("the Compose CLI `" + compose.composeCommand() + "` does not work: docker: 'compose' is not a docker command.: install"
        + " Compose v2 (scripts/setup-containers does), or name one that works with compose(cli: '...') or SLIPWAY_COMPOSE_CLI", failure.getMessage());
    assertTrue(failure.unreachable());
  }

  @Test
  void check_composeV1CannotListAsJson_warnsThatPortsWentUnchecked() {
    StandInCompose compose = new StandInCompose(work).on(PS, fails(1, "no such option: --format\n"));

    assertDoesNotThrow(() -> check(compose, web(taken)));

    assertEquals(List.of("host ports were not checked before the deploy: `" + compose.composeCommand() + " ps --format json` failed"
        + " (no such option: --format); Compose v2 lists containers as JSON"), events.stream().map(e -> ((Event.Warning) e).message()).toList());
  }

  private static Service web(int port) {
    return service("web").image("web:1").port(port).build();
  }

  private void check(StandInCompose compose, Service... services) {
    new ComposePreflight(compose.cli(), compose.environment(services), ComposeSettings.DEFAULT_BIND, events::add).check();
  }
}
