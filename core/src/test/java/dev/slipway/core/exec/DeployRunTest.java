package dev.slipway.core.exec;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.TestFiles;
import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.ImageDestination;
import dev.slipway.core.build.PipOptions;
import dev.slipway.core.build.RegistryFailure;
import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.model.Environment;
import dev.slipway.core.model.OneOffRun;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ServiceAction;
import dev.slipway.core.model.Stage;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.Release;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.state.DeployLock;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployRunTest {

  @TempDir Path base;

  /** One ready-image service, {@code web}: a deploy of it needs no build. */
  private Project webProject() {
    return TestModel.project("shop", base, new TargetSpec("compose", Map.of(), HERE), service("web").image("nginx:1").build());
  }

  private Plan planOf(Project project) {
    return new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
  }

  /** A deploy of ready images that restores the previous release when one fails. */
  private static DeployRun rollingBack() {
    return new DeployRun(new DeployRun.Options(null, null, Set.of("build", "test", "deploy"), true, 2), event -> {});
  }

  private static DeployContext contextIn(Path base) {
    return new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});
  }

  /** {@code web} with {@code stages}, each stage's actions as given. */
  private Project webProject(List<Stage> stages) {
    Project web = webProject();
    return new Project(web.name(), web.registry(), web.services(), web.environments(), new Pipeline(stages, true), base, HERE, HERE);
  }

  private static OneOffRun run(String command) {
    return new OneOffRun("web", command, Optional.empty(), HERE);
  }

  @Test
  void run_oneOffRunBeforeTheDeploy_runsWithTheRenderingTheReleaseRecordsAndApplies() throws Exception {
    Project project = webProject(List.of(new Stage("migrate", List.of(run("migrate")), HERE), new Stage("deploy", List.of(ServiceAction.DEPLOY), HERE)));
    RecordingTarget target = new RecordingTarget();

    DeployRun.Outcome outcome = new DeployRun(new DeployRun.Options(null, null, Set.of("migrate", "deploy"), true, 2), event -> {})
        .run(project, planOf(project), target, contextIn(base));

    assertTrue(outcome.succeeded(), outcome.steps().summary().toString());
    assertEquals(1, target.renders.get());
    assertEquals(List.of("migrate"), target.ran.stream().map(r -> r.run().command()).toList());
    assertSame(target.applied.get(0), target.ran.get(0).rendering());
    assertEquals(java.time.Duration.ofSeconds(120), target.ran.get(0).run().deadline());
    assertEquals(Release.SUCCEEDED, outcome.release().orElseThrow().outcome());
  }

  @Test
  void run_oneOffRunThatFailsAfterTheDeploy_failsTheReleaseWhichIsRolledBack() throws Exception {
    Project project = webProject(List.of(new Stage("deploy", List.of(ServiceAction.DEPLOY, run("check")), HERE)));
    RecordingTarget target = new RecordingTarget();
    DeployRun deploy = new DeployRun(new DeployRun.Options(null, null, Set.of("deploy"), true, 2), event -> {});
    assertTrue(deploy.run(project, planOf(project), target, contextIn(base)).succeeded());
    target.failingRunStages.add("deploy");

    DeployRun.Outcome outcome = deploy.run(project, planOf(project), target, contextIn(base));

    assertFalse(outcome.succeeded());
    assertEquals(Release.FAILED, outcome.release().orElseThrow().outcome());
    assertTrue(outcome.release().get().detail().contains("`check` exited with code 1"), outcome.release().get().detail());
    assertEquals(Optional.of(1), outcome.restored());
  }

  @Test
  void run_onlyOneOffRuns_recordNoRelease() throws Exception {
    Project project = webProject(List.of(new Stage("migrate", List.of(run("migrate")), HERE), new Stage("deploy", List.of(ServiceAction.DEPLOY), HERE)));
    RecordingTarget target = new RecordingTarget();

    DeployRun.Outcome outcome = new DeployRun(new DeployRun.Options(null, null, Set.of("migrate"), true, 2), event -> {})
        .run(project, planOf(project), target, contextIn(base));

    assertTrue(outcome.succeeded(), outcome.steps().summary().toString());
    assertEquals(1, target.ran.size());
    assertEquals(Optional.empty(), outcome.release(), "the run applied no service: the environment runs what it ran before");
    assertEquals(1, target.preflights.get(), "a run acts on the target, which is checked first");
  }

  @Test
  void run_severalServices_rendersOnceAndAppliesWhatTheReleaseRecorded() throws Exception {
    TargetSpec compose = new TargetSpec("compose", Map.of(), HERE);
    Project project =
        TestModel.project(
            "shop", base, compose,
            service("db").image("postgres:16").build(),
            service("cache").image("redis:7").build(),
            service("web").image("nginx:1").dependsOn("db").dependsOn("cache").build());
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    RecordingTarget target = new RecordingTarget();
    DeployContext context = new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});

    DeployRun.Outcome outcome =
        new DeployRun(new DeployRun.Options(null, null, Set.of("build", "test", "deploy"), false, 2), event -> {})
            .run(project, plan, target, context);

    assertTrue(outcome.succeeded(), outcome.steps().summary().toString());
    assertEquals(1, target.renders.get(), "renders for one deploy of three services");
    assertEquals(3, target.applied.size());
    Rendering recorded = target.applied.get(0);
    target.applied.forEach(rendering -> assertSame(recorded, rendering));
    Path releaseFile = base.resolve(".slipway/state/env/releases/0001/rendered/compose.yaml");
    assertEquals(recorded.files().get(0).content(), Files.readString(releaseFile));
  }

  /**
   * The release that broke may have broken because of today's settings: a restore that rendered
   * today's script with yesterday's images would fail the same way.
   */
  @Test
  void run_failedRelease_restoresWhatThePreviousReleaseRecorded_notANewRender() throws Exception {
    Project project = webProject();
    Plan plan = planOf(project);
    RecordingTarget target = new RecordingTarget();
    DeployContext context = contextIn(base);
    DeployRun run = rollingBack();
    assertTrue(run.run(project, plan, target, context).succeeded());
    Rendering first = target.applied.get(0);
    target.failingRenders.add(2);

    DeployRun.Outcome failed = run.run(project, plan, target, context);

    assertEquals(Optional.of(1), failed.restored());
    assertEquals(2, target.renders.get(), "the restore renders nothing");
    assertEquals(first, target.applied.get(target.applied.size() - 1), "the restore applies release 1's files as recorded");
  }

  /** What ran before a destroy is gone on purpose: a failed deploy after it has nothing to go back to. */
  @Test
  void run_failedReleaseAfterADestroy_restoresNothing() throws Exception {
    Project project = webProject();
    Plan plan = planOf(project);
    RecordingTarget target = new RecordingTarget();
    DeployContext context = contextIn(base);
    DeployRun run = rollingBack();
    assertTrue(run.run(project, plan, target, context).succeeded());
    new FileReleaseStore(context.stateDir()).destroyed("containers and networks removed");
    target.failingRenders.add(2);

    DeployRun.Outcome failed = run.run(project, plan, target, context);

    assertEquals(Optional.empty(), failed.restored());
    assertEquals(Release.FAILED, failed.release().orElseThrow().outcome());
    assertEquals(2, target.applied.size(), "release 1 is not applied again");
  }

  /** The run is over either way: a release it could not undo must not look as if a deploy were still at it. */
  @Test
  void run_failedReleaseWhoseRestoreFailsToo_isRecordedFailed_notLeftInProgress() throws Exception {
    Project project = webProject();
    Plan plan = planOf(project);
    RecordingTarget target = new RecordingTarget();
    DeployContext context = contextIn(base);
    DeployRun run = rollingBack();
    assertTrue(run.run(project, plan, target, context).succeeded());
    target.failingRenders.addAll(List.of(1, 2));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> run.run(project, plan, target, context));

    Release two = new FileReleaseStore(context.stateDir()).find(2).orElseThrow();
    assertEquals(Release.FAILED, two.outcome());
    assertEquals("port 8080 is already taken; " + failure.getMessage(), two.detail());
    assertTrue(failure.getMessage().startsWith("restoring release 1 failed too"), failure.getMessage());
  }

  /** Ctrl-C while release 2's health wait runs: the wait stops, release 1 comes back, and the run reports release 2 interrupted. */
  @Test
  void run_signalledWhileApplying_stopsTheApply_restoresThePreviousRelease_andEndsInterrupted() throws Exception {
    Project project = webProject();
    Plan plan = planOf(project);
    RecordingTarget target = new RecordingTarget();
    DeployContext context = contextIn(base);
    List<Thread> hooks = new CopyOnWriteArrayList<>();
    DeployRun.SignalHooks signals = new DeployRun.SignalHooks() {
      @Override
      public void add(Thread hook) {
        hooks.add(hook);
      }

      @Override
      public void remove(Thread hook) {
        hooks.remove(hook);
      }
    };
    DeployRun run = new DeployRun(new DeployRun.Options(null, null, Set.of("build", "test", "deploy"), true, 2), event -> {}, signals);
    assertTrue(run.run(project, plan, target, context).succeeded());
    Rendering first = target.applied.get(0);
    target.blockingRenders.add(2);
    CompletableFuture<DeployRun.Outcome> second = CompletableFuture.supplyAsync(() -> {
      try {
        return run.run(project, plan, target, context);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(target.blocked.await(10, TimeUnit.SECONDS), "release 2's apply started");

    hooks.get(0).run();

    DeployRun.Outcome outcome = second.get(10, TimeUnit.SECONDS);
    assertEquals(Release.INTERRUPTED, outcome.release().orElseThrow().outcome());
    assertEquals(Optional.of(1), outcome.restored());
    assertEquals(first, target.applied.get(target.applied.size() - 1));
    assertEquals(Release.INTERRUPTED, new FileReleaseStore(context.stateDir()).find(2).orElseThrow().outcome());
    assertFalse(Files.exists(DeployLock.file(context.stateDir())));
    assertEquals(List.of(), hooks, "the run took its hook away");
  }

  /** A pip that cannot even start stands for the whole build: had the run got that far, it would have failed there. */
  @Test
  void run_preflightFails_failsWithItBeforeAnythingIsResolvedBuiltOrRecorded_andFreesTheLock() throws Exception {
    TestFiles.write(base, "web/app.py", "print('web')\n");
    TestFiles.write(base, "web/requirements.txt", "flask==3.0.2\n");
    Project project = TestModel.project("shop", base, new TargetSpec("compose", Map.of(), HERE),
        service("web").python("web", "python app.py").port(8000).build());
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    RecordingTarget target = new RecordingTarget();
    target.preflightFailure = Optional.of(new TargetFailure("the container engine is unreachable", true));
    DeployContext context = new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});
    BuildStage.Options noPip = new BuildStage.Options(new ImageDestination.Tar(base.resolve("images")), PipOptions.DEFAULTS,
        base.resolve("no-python").toString(), new CacheDirectory(base.resolve("cache")));
    DeployRun run = new DeployRun(new DeployRun.Options(noPip, null, Set.of("build", "test", "deploy"), true, 2), event -> {});

    TargetFailure failure = assertThrows(TargetFailure.class, () -> run.run(project, plan, target, context));

    assertEquals("the container engine is unreachable", failure.getMessage());
    assertEquals(0, target.renders.get(), "nothing rendered, so no release recorded");
    assertFalse(Files.exists(base.resolve(".slipway/state/env/releases")), "no release recorded");
    assertFalse(Files.exists(base.resolve("cache/deps")), "pip never ran");
    DeployLock.acquire(DeployLock.file(context.stateDir())).close();
  }

  @Test
  void run_registryUnreachable_failsWithItBeforeAnythingIsResolvedOrBuilt() {
    TestFiles.write(base, "web/app.py", "print('web')\n");
    TestFiles.write(base, "web/requirements.txt", "flask==3.0.2\n");
    String registry = "127.0.0.1:" + LocalRegistry.closedPort();
    Project project = new Project("shop", Optional.of(registry + "/shop"), List.of(service("web").python("web", "python app.py").build()),
        List.of(new Environment("env", Optional.empty(), Optional.of(new TargetSpec("compose", Map.of(), HERE)), List.of(), HERE)),
        Pipeline.DEFAULT, base, HERE, HERE);
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    RecordingTarget target = new RecordingTarget();
    DeployContext context = new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});
    BuildStage.Options noPip = new BuildStage.Options(new ImageDestination.Registry(false), PipOptions.DEFAULTS,
        base.resolve("no-python").toString(), new CacheDirectory(base.resolve("cache")));
    DeployRun run = new DeployRun(new DeployRun.Options(noPip, null, Set.of("build", "test", "deploy"), true, 2), event -> {});

    RegistryFailure failure = assertThrows(RegistryFailure.class, () -> run.run(project, plan, target, context));

    assertEquals("deploy.groovy:1: service 'web': registry " + registry + " is unreachable (connection refused): start it or check the address"
        + " in 'registry'; nothing was built or deployed", failure.getMessage());
    assertFalse(Files.exists(base.resolve("cache/deps")), "pip never ran");
    assertEquals(0, target.renders.get());
  }

  @Test
  void run_noDeployStep_targetNotChecked() throws Exception {
    Project project = webProject();
    Plan plan = planOf(project);
    RecordingTarget target = new RecordingTarget();
    DeployContext context = contextIn(base);

    new DeployRun(new DeployRun.Options(null, null, Set.of("build", "test"), false, 2), event -> {}).run(project, plan, target, context);

    assertEquals(0, target.preflights.get());
  }

  /** In one stage, a deploy could otherwise start before another service's image exists, and record a release without it. */
  @Test
  void renderingStepsAfterBuilds_deployStepsWaitForEveryBuildBeforeThem() {
    List<Step> steps =
        List.of(
            step("build:api", StepKind.BUILD_IMAGE),
            step("build:worker", StepKind.BUILD_IMAGE),
            step("deploy:db", StepKind.DEPLOY),
            step("deploy:api", StepKind.DEPLOY, "build:api", "deploy:db"));

    List<Step> ordered = DeployRun.renderingStepsAfterBuilds(steps);

    assertEquals(
        List.of(List.of(), List.of(), List.of("build:api", "build:worker"), List.of("build:api", "deploy:db", "build:worker")),
        ordered.stream().map(Step::after).toList());
  }

  private static Step step(String id, StepKind kind, String... after) {
    return new Step(id, kind, id.substring(id.indexOf(':') + 1), "all", id, "test", Map.of(), List.of(after));
  }
}
