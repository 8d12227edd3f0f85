package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.fails;
import static dev.slipway.compose.apply.StandInCompose.ok;
import static dev.slipway.compose.apply.StandInCompose.psLine;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.compose.render.FrontProxy;
import dev.slipway.core.event.Event;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.TargetFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and steering a front proxy, against a {@link StandInCompose}. */
class FrontProxyControlTest {

  private static final Service WEB = service("web").python("app", "python app.py").port(8000).replicas(2).build();
  private static final String BIND = "127.0.0.1";
  private static final String PS_PROXY = "compose * ps -a --format json web-proxy";

  @TempDir Path work;

  private final List<Event> events = new ArrayList<>();

  @Test
  void freezeSwapRelease_eachAsksTheProxysAdminPortInItsContainer() {
    StandInCompose compose = new StandInCompose(work);
    FrontProxyControl proxies = control(compose);

    proxies.freeze(WEB);
    proxies.swap(WEB);
    proxies.release(WEB);

    assertEquals(List.of(admin("freeze"), admin("swap"), admin("release")), compose.commandLines());
  }

  @Test
  void swap_proxyRefuses_failureNamesTheActionAndItsLastLine() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose * exec -T web-proxy * swap", fails(1, "Traceback (most recent call last):\nurllib.error.HTTPError: HTTP Error 409: no new backend\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> control(compose).swap(WEB));

    assertEquals("the front proxy of 'web' refused to swap: urllib.error.HTTPError: HTTP Error 409: no new backend"
        + ": its log says more (slipway logs --env dev shows it with the services')", failure.getMessage());
    assertFalse(failure.unreachable());
  }

  @Test
  void running_onlyWhenTheServiceHasAProxyAndItRuns() {
    StandInCompose running = new StandInCompose(work.resolve("running")).on(PS_PROXY, ok(psLine("p1", "web-proxy", 1, "running", "")));
    StandInCompose exited = new StandInCompose(work.resolve("exited")).on(PS_PROXY, ok(psLine("p1", "web-proxy", 1, "exited", "")));
    StandInCompose unfronted = new StandInCompose(work.resolve("unfronted"));

    assertTrue(control(running).running(WEB));
    assertFalse(control(exited).running(WEB));
    assertFalse(control(unfronted).running(service("web").image("web:1").port(8000).replicas(2).build()));
    assertEquals(List.of(), unfronted.commandLines());
  }

  @Test
  void start_proxyConfigUnchanged_upWithoutRecreatingIt() {
    String label = FrontProxy.CONFIG_LABEL + "=" + FrontProxy.configKey(WEB, BIND);
    StandInCompose compose = new StandInCompose(work).on(PS_PROXY, ok(psLine("p1", "web-proxy", 1, "running", label)));

    control(compose).start(WEB);

    assertEquals(List.of("compose ps -a --format json web-proxy", "compose up -d --no-deps --no-recreate web-proxy"), compose.commandLines());
    assertEquals(List.of(), events);
  }

  @Test
  void start_proxyConfigChanged_recreatedWithAWarning() {
    StandInCompose compose = new StandInCompose(work)
        .on(PS_PROXY, ok(psLine("p1", "web-proxy", 1, "running", FrontProxy.CONFIG_LABEL + "=0123456789abcdef")));

    control(compose).start(WEB);

    assertEquals("compose up -d --no-deps --force-recreate web-proxy", compose.commandLines().get(1));
    assertEquals(List.of("the front proxy of 'web' is recreated for its new ports: the published port pauses briefly"),
        events.stream().map(e -> ((Event.Warning) e).message()).toList());
  }

  @Test
  void start_composeFails_failureNamesTheFileComposeWasGiven() {
    StandInCompose compose = new StandInCompose(work).on("compose * up *", fails(1, "Error response from daemon: port is already allocated\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> control(compose).start(WEB));

    assertEquals("compose could not start the front proxy of 'web': Error response from daemon: port is already allocated"
        + ": fix that and deploy again (the file Compose was given: " + work.resolve("compose.yaml") + ")", failure.getMessage());
    assertFalse(failure.unreachable());
  }

  private FrontProxyControl control(StandInCompose compose) {
    return new FrontProxyControl(compose.project(WEB), BIND, events::add);
  }

  static String admin(String action) {
    return "compose exec -T web-proxy " + String.join(" ", FrontProxy.adminCommand(WEB, action));
  }
}
