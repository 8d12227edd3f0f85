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
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.target.TargetFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-new-then-stop-old, against a {@link StandInCompose} whose ps lists the two old web
 * containers and, once scaled, two new ones beside them.
 */
class RollingUpdateTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Service WEB =
      service("web").python("app", "python app.py").port(8000).replicas(2).health(new HealthCheck.Http("/health", 8000, DEADLINE)).build();
  private static final String HASH = "com.docker.compose.config-hash=";
  private static final String OLD = psLine("old1", "web", 1, "running", HASH + "aaa") + psLine("old2", "web", 2, "running", HASH + "aaa");
  private static final List<ComposeProject.Container> BEFORE = List.of(
      new ComposeProject.Container("old1", "shop-dev-web-1", 1, "running", "Up", Map.of("com.docker.compose.config-hash", "aaa")),
      new ComposeProject.Container("old2", "shop-dev-web-2", 2, "running", "Up", Map.of("com.docker.compose.config-hash", "aaa")));

  @TempDir Path work;

  private final List<Event> events = new ArrayList<>();

  @Test
  void run_newContainersPassTheirCheck_oldOnesRemovedOnlyAfterThat() {
    StandInCompose compose = fronted().on("compose * ps -a --format json web", ok(OLD + newOnes("running")));

    rolling(compose).run(WEB, BEFORE, DEADLINE, WEB.replicas());

    assertEquals(List.of(
        "compose ps -a --format json web-proxy",
        FrontProxyControlTest.admin("freeze"),
        "compose up -d --no-deps --no-recreate --scale web=4 web",
        "compose ps -a --format json web",
        probe(3),
        probe(4),
        FrontProxyControlTest.admin("swap"),
        "engine stop -t 10 old1 old2",
        "engine rm -f old1 old2",
        FrontProxyControlTest.admin("release")), compose.commandLines());
    assertEquals("rolling update: 2 new beside 2 old, each new one given up to 30 s for its health check",
        ((Event.StepProgress) events.get(0)).detail());
  }

  @Test
  void run_fronted_proxyFrozenThenSwappedThenReleased() {
    StandInCompose compose = fronted().on("compose * ps -a --format json web", ok(OLD + newOnes("running")));

    rolling(compose).run(WEB, BEFORE, DEADLINE, WEB.replicas());

    assertEquals(List.of(FrontProxyControlTest.admin("freeze"), FrontProxyControlTest.admin("swap"), FrontProxyControlTest.admin("release")),
        compose.commandLines().stream().filter(l -> l.startsWith("compose exec -T web-proxy ")).toList());
  }

  @Test
  void run_newContainerExits_newOnesRemovedOldOnesKeptAndSaysSo() {
    StandInCompose compose = fronted()
        .on("compose * ps -a --format json web", ok(OLD + newOnes("exited")))
        .on("compose * exec -T --index 3 web *", fails(1, "Error: container is not running\n"))
        .on("engine logs --tail 50 new3", ok("Traceback (most recent call last):\nModuleNotFoundError: No module named 'flask'\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> rolling(compose).run(WEB, BEFORE, DEADLINE, WEB.replicas()));

    assertEquals("service 'web' exited with code 1 while starting: its new containers were removed and the old ones kept serving;"
        + " fix it (its last log lines are above) and deploy again", failure.getMessage());
    assertFalse(failure.unreachable());
    List<String> lines = compose.commandLines();
    assertEquals(List.of("engine logs --tail 50 new3", "engine stop -t 10 new3 new4", "engine rm -f new3 new4", FrontProxyControlTest.admin("release")),
        lines.subList(lines.indexOf("engine logs --tail 50 new3"), lines.size()));
    assertFalse(lines.stream().anyMatch(l -> l.contains("old1") || l.contains("old2")), lines.toString());
    assertFalse(lines.contains(FrontProxyControlTest.admin("swap")));
    assertEquals("last 50 log lines of a new web container:\nTraceback (most recent call last):\nModuleNotFoundError: No module named 'flask'\n",
        ((Event.Warning) events.get(1)).message());
  }

  @Test
  void run_composeCannotStartTheNewOnes_failsWithItsLastLineAndKeepsTheOld() {
    StandInCompose compose = fronted()
        .on("compose * up *", fails(1, "Error response from daemon: image not known\n"))
        .on("compose * ps -a --format json web", ok(OLD));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> rolling(compose).run(WEB, BEFORE, DEADLINE, WEB.replicas()));

    assertEquals("service 'web' could not start its new containers: Error response from daemon: image not known: its new containers were removed"
        + " and the old ones kept serving; fix it (its last log lines are above) and deploy again", failure.getMessage());
    assertFalse(compose.commandLines().stream().anyMatch(l -> l.startsWith("engine")), compose.commandLines().toString());
    assertEquals("last 50 log lines of a new web container:\n", ((Event.Warning) events.get(1)).message());
  }

  @Test
  void run_proxyRefusesToSwap_newOnesRemovedProxyReleasedAndTheRefusalThrown() {
    StandInCompose compose = fronted()
        .on("compose * exec -T web-proxy * swap", fails(1, "HTTP Error 409: no new backend\n"))
        .on("compose * ps -a --format json web", ok(OLD + newOnes("running")));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> rolling(compose).run(WEB, BEFORE, DEADLINE, WEB.replicas()));

    assertTrue(failure.getMessage().startsWith("the front proxy of 'web' refused to swap: HTTP Error 409: no new backend"), failure.getMessage());
    List<String> lines = compose.commandLines();
    assertEquals(List.of(FrontProxyControlTest.admin("swap"), "engine stop -t 10 new3 new4", "engine rm -f new3 new4", FrontProxyControlTest.admin("release")),
        lines.subList(lines.indexOf(FrontProxyControlTest.admin("swap")), lines.size()));
  }

  @Test
  void needed_configHashChanged_yes() {
    StandInCompose compose = new StandInCompose(work).on("compose * config --hash web", ok("web bbb\n"));

    assertTrue(rolling(compose).needed(WEB, BEFORE));
    assertEquals(List.of(), events);
  }

  @Test
  void needed_configHashUnchanged_noComposeLeavesThemAlone() {
    StandInCompose compose = new StandInCompose(work).on("compose * config --hash web", ok("web aaa\n"));

    assertFalse(rolling(compose).needed(WEB, BEFORE));
    assertEquals(List.of(), events);
  }

  @Test
  void needed_nothingRuns_noAndNoQuestionToCompose() {
    StandInCompose compose = new StandInCompose(work);

    assertFalse(rolling(compose).needed(WEB, List.of()));
    assertEquals(List.of(), compose.commandLines());
  }

  @Test
  void needed_cliWithoutConfigHash_noAndAWarningSaysWhy() {
    StandInCompose compose = new StandInCompose(work).on("compose * config --hash web", fails(1, "No such command: config --hash\n"));

    assertFalse(rolling(compose).needed(WEB, BEFORE));
    assertEquals("service 'web' is recreated, not updated rolling: " + compose.composeCommand()
        + " cannot report a service's config hash (Compose v2's `config --hash` can)", ((Event.Warning) events.get(0)).message());
  }

  @Test
  void needed_oneReplicaOnAHostPortWithoutProxy_noAndAWarningSaysWhy() {
    Service redis = service("redis").image("redis:7").port(6379).targetOption("rolling", "true").build();
    StandInCompose compose = new StandInCompose(work).on("compose * config --hash redis", ok("redis bbb\n"));
    List<ComposeProject.Container> running = List.of(new ComposeProject.Container("r1", "shop-dev-redis-1", 1, "running", "Up", Map.of()));

    assertFalse(new RollingUpdate(compose.project(redis), new FrontProxyControl(compose.project(redis), "127.0.0.1", events::add),
        new HealthWait(compose.project(redis)), events::add).needed(redis, running));
    assertEquals("service 'redis' is recreated, not updated rolling: old and new containers cannot share its host port,"
        + " and only Python services get a front proxy to hold it"
        + " (the proxy runs on their image's Python)", ((Event.Warning) events.get(0)).message());
  }

  @Test
  void needed_dockerfileServiceOnAHostPort_recreatedWithAWarningSinceItsImageMayHaveNoPythonForAProxy() {
    Service front = service("front").dockerfile(new DockerfileBuild("front/Dockerfile", "front", Map.of(), Optional.empty(), TestModel.HERE))
        .port(80).targetOption("rolling", "true").build();
    StandInCompose compose = new StandInCompose(work).on("compose * config --hash front", ok("front bbb\n"));
    List<ComposeProject.Container> running = List.of(new ComposeProject.Container("f1", "shop-dev-front-1", 1, "running", "Up", Map.of()));

    assertFalse(new RollingUpdate(compose.project(front), new FrontProxyControl(compose.project(front), "127.0.0.1", events::add),
        new HealthWait(compose.project(front)), events::add).needed(front, running));
    assertTrue(((Event.Warning) events.get(0)).message().startsWith("service 'front' is recreated, not updated rolling: "), events.toString());
  }

  @Test
  void needed_onlyUnpublishedPorts_rollingSinceNoHostPortIsShared() {
    Service mongo = service("mongo").image("mongo:7").port(new Port(27017, Port.NOT_PUBLISHED, TestModel.HERE)).targetOption("rolling", "true").build();
    StandInCompose compose = new StandInCompose(work).on("compose * config --hash mongo", ok("mongo bbb\n"));
    List<ComposeProject.Container> running = List.of(new ComposeProject.Container("m1", "shop-dev-mongo-1", 1, "running", "Up", Map.of()));

    assertTrue(new RollingUpdate(compose.project(mongo), new FrontProxyControl(compose.project(mongo), "127.0.0.1", events::add),
        new HealthWait(compose.project(mongo)), events::add).needed(mongo, running));
    assertEquals(List.of(), events);
  }

  /** A stand-in whose web proxy runs. */
  private StandInCompose fronted() {
    return new StandInCompose(work).on("compose * ps -a --format json web-proxy", ok(psLine("p1", "web-proxy", 1, "running", "")));
  }

  private static String newOnes(String state) {
    return psLine("new3", "web", 3, state, HASH + "bbb") + psLine("new4", "web", 4, state, HASH + "bbb");
  }

  private static String probe(int index) {
    ComposeProject.Container container = new ComposeProject.Container("new" + index, "shop-dev-web-" + index, index, "running", "Up", Map.of());
    return "compose " + String.join(" ", HealthProbe.arguments(WEB, Optional.of(container)));
  }

  private RollingUpdate rolling(StandInCompose compose) {
    ComposeProject project = compose.project(WEB);
    return new RollingUpdate(project, new FrontProxyControl(project, "127.0.0.1", events::add), new HealthWait(project, Duration.ofMillis(20)), events::add);
  }
}
