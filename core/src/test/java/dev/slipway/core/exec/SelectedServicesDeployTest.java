package dev.slipway.core.exec;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.plan.ServiceSelection;
import dev.slipway.core.plan.Step;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.Release;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deploy of some services ({@code slipway deploy --env E api}) and {@code slipway scale}, on a target that records what it is handed. */
class SelectedServicesDeployTest {

  @TempDir Path base;

  private final RecordingTarget target = new RecordingTarget();
  private final List<Event> events = new CopyOnWriteArrayList<>();

  /** redis <- api <- worker, and docs on its own. */
  private Project project() {
    return TestModel.project("shop", base, new TargetSpec("compose", Map.of(), HERE),
        service("redis").image("redis:7").build(),
        service("api").image("api:1").dependsOn("redis").build(),
        service("worker").image("worker:1").dependsOn("api").dependsOn("redis").build(),
        service("docs").image("docs:1").build());
  }

  private Plan plan() {
    return new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project(), "env");
  }

  private DeployContext context() {
    return new DeployContext(base.resolve(".slipway/state/env"), Map.of(), events::add);
  }

  private FileReleaseStore releases() {
    return new FileReleaseStore(context().stateDir());
  }

  private DeployRun.Outcome deploy(ServiceSelection selection) throws InterruptedException {
    return new DeployRun(new DeployRun.Options(null, null, Set.of("build", "test", "deploy"), true, 1, selection), events::add)
        .run(project(), plan(), target, context());
  }

  private DeployState state() {
    return target.state(new RenderRequest(plan().environment(), plan().images(), Optional.empty()), context());
  }

  private ServiceSelection only(String... services) {
    return ServiceSelection.of(plan().environment(), List.of(services), false);
  }

  private void running(String... healthy) {
    target.statuses.clear();
    for (String service : healthy) {
      target.statuses.add(new TargetStatus.ServiceStatus(service, service + ":1", 1, 1, true, 0, List.of()));
    }
  }

  @Test
  void selection_withDependencies_addsWhatTheyNeedTransitively_andTheRestMustRun() {
    assertEquals(Set.of("api"), only("api").services());
    assertEquals(Set.of("redis"), only("api").running());
    assertEquals(Set.of("api", "redis"), only("worker").running());

    ServiceSelection withDependencies = ServiceSelection.of(plan().environment(), List.of("worker"), true);

    assertEquals(List.of("redis", "api", "worker"), List.copyOf(withDependencies.services()), "in the environment's order");
    assertEquals(Set.of(), withDependencies.running());
    assertTrue(ServiceSelection.of(plan().environment(), List.of("worker", "docs"), true).wholeEnvironment(), "every service is the whole environment");
  }

  @Test
  void selection_plan_keepsOnlyTheSelectedServicesSteps() {
    Plan selected = only("api", "docs").apply(plan());

    assertEquals(List.of("deploy:api", "deploy:docs"), selected.steps().stream().map(Step::id).sorted().toList());
    assertTrue(selected.steps().stream().flatMap(s -> s.after().stream()).allMatch(id -> selected.step(id).isPresent()), "no step waits for one left out");
  }

  @Test
  void deploy_oneService_appliesOnlyIt_andRecordsTheOthersAsTheyRan() throws Exception {
    assertTrue(deploy(ServiceSelection.WHOLE_ENVIRONMENT).succeeded());
    running("redis", "api", "worker", "docs");

    DeployRun.Outcome outcome = deploy(only("api"));

    assertTrue(outcome.succeeded(), outcome.steps().summary().toString());
    Release release = outcome.release().orElseThrow();
    assertEquals(Set.of("api"), release.services());
    assertEquals(Set.of("redis", "api", "worker", "docs"), release.images().keySet(), "the release still describes every service");
    assertEquals(List.of("api"), target.appliedOrders.get(target.appliedOrders.size() - 1));
    String files = releases().rendering(release.number()).orElseThrow().files().get(0).content();
    assertTrue(files.contains("spliced [api] onto: render 1 "), "today's api onto release 1's files: " + files);
    assertTrue(releases().find(1).orElseThrow().wholeEnvironment());
  }

  @Test
  void deploy_dependencyNotRunning_failsNamingIt_beforeAnythingIsRecordedOrApplied() throws Exception {
    assertTrue(deploy(ServiceSelection.WHOLE_ENVIRONMENT).succeeded());
    target.statuses.clear();
    running("api", "docs", "worker");
    target.statuses.add(new TargetStatus.ServiceStatus("redis", "redis:7", 0, 1, false, 0, List.of()));
    int applies = target.applied.size();

    TargetFailure failure = assertThrows(TargetFailure.class, () -> deploy(only("worker")));

    assertEquals("service 'worker' depends on 'redis', which is not running (0/1): deploy it first (slipway deploy --env env redis)"
        + " or add --with-dependencies; nothing was built", failure.getMessage());
    assertEquals(1, releases().all().size(), "no release was started");
    assertEquals(applies, target.applied.size());
    assertEquals(1, target.renders.get(), "nothing was rendered for it: release 1's render is the only one");
  }

  @Test
  void deploy_unhealthyDependency_orNoReleaseYet_failsNamingIt() {
    TargetFailure nothingYet = assertThrows(TargetFailure.class, () -> deploy(only("api")));
    assertTrue(nothingYet.getMessage().startsWith("service 'api' depends on 'redis', which does not run: env has no successful release"), nothingYet.getMessage());
  }

  @Test
  void deploy_withDependencies_deploysThemInOrder_andRecordsThemAsChanged() throws Exception {
    assertTrue(deploy(ServiceSelection.WHOLE_ENVIRONMENT).succeeded());
    target.statuses.clear();

    DeployRun.Outcome outcome = deploy(ServiceSelection.of(plan().environment(), List.of("worker"), true));

    assertTrue(outcome.succeeded());
    assertEquals(Set.of("redis", "api", "worker"), outcome.release().orElseThrow().services());
    assertEquals(List.of(List.of("redis"), List.of("api"), List.of("worker")), target.appliedOrders.subList(4, 7));
  }

  @Test
  void deploy_oneServiceFails_restoresOnlyThatServiceFromThePreviousRelease() throws Exception {
    assertTrue(deploy(ServiceSelection.WHOLE_ENVIRONMENT).succeeded());
    running("redis", "api", "worker", "docs");
    target.failingRenders.add(2);

    DeployRun.Outcome outcome = deploy(only("api"));

    assertFalse(outcome.succeeded());
    assertEquals(Optional.of(1), outcome.restored());
    assertEquals(List.of("api"), target.appliedOrders.get(target.appliedOrders.size() - 1), "only what the failed release changed is restored");
    assertEquals(releases().rendering(1).orElseThrow(), target.applied.get(target.applied.size() - 1), "with release 1's files");
  }

  @Test
  void scale_recordsARelease_thatOtherDeploysKeep_andADeployOfTheServiceReplaces_withAWarning() throws Exception {
    assertTrue(deploy(ServiceSelection.WHOLE_ENVIRONMENT).succeeded());
    running("redis", "api", "worker", "docs");
    List<String> order = List.of("redis", "api", "worker", "docs");

    Release scaled = ScaleRun.run(plan(), target, context(), state(), Map.of("api", 3), order);

    assertTrue(scaled.scale());
    assertEquals(Map.of("api", 3), scaled.scaled());
    assertEquals(Set.of("api"), scaled.services());
    assertEquals("scale api=3", scaled.detail());
    assertEquals(List.of("api"), target.appliedOrders.get(target.appliedOrders.size() - 1));
    assertTrue(target.applied.get(target.applied.size() - 1).files().get(0).content().endsWith("scaled {api=3}\n"));

    Release worker = deploy(only("worker")).release().orElseThrow();
    assertEquals(Map.of("api", 3), worker.scaled(), "a deploy of other services keeps api's scaled count");
    assertTrue(events.stream().noneMatch(e -> e instanceof Event.Warning w && w.message().contains("copies set by slipway scale")));

    Release api = deploy(only("api")).release().orElseThrow();
    assertEquals(Map.of(), api.scaled(), "a deploy of api applies the script's replicas again");
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.Warning w && w.message().equals(
        "service 'api' runs 3 copies set by slipway scale; this deploy applies the script's replicas (1) again: change replicas in the script to keep 3")), events.toString());
  }

  @Test
  void scale_serviceTheReleaseDoesNotRun_orNoRelease_isRefusedAsBadInput() throws Exception {
    DeployState state = state();
    InvalidInputException none = assertThrows(InvalidInputException.class, () -> ScaleRun.run(plan(), target, context(), state, Map.of("api", 2), List.of("api")));
    assertTrue(none.getMessage().contains("env runs no release to scale: deploy it first"), none.getMessage());
    assertTrue(deploy(only("docs")).succeeded());

    InvalidInputException notRun = assertThrows(InvalidInputException.class, () -> ScaleRun.run(plan(), target, context(), state, Map.of("api", 2), List.of("api")));

    assertTrue(notRun.getMessage().contains("release 1 of env does not run service 'api'"), notRun.getMessage());
  }

  @Test
  void changedAfter_isEveryServiceLaterReleasesChanged_orAllOnceOneChangedTheWholeEnvironment() throws Exception {
    assertTrue(deploy(ServiceSelection.WHOLE_ENVIRONMENT).succeeded());
    running("redis", "api", "worker", "docs");
    assertTrue(deploy(only("api")).succeeded());
    assertTrue(deploy(only("docs")).succeeded());

    assertEquals(Set.of("api", "docs"), releases().changedAfter(1));
    assertEquals(Set.of("docs"), releases().changedAfter(2));

    assertTrue(deploy(ServiceSelection.WHOLE_ENVIRONMENT).succeeded());
    assertEquals(Set.of(), releases().changedAfter(2), "empty: release 4 changed the whole environment, so everything is restored");
  }
}
