package dev.slipway.core.exec;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.TestFiles;
import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.ImageDestination;
import dev.slipway.core.build.PipOptions;
import dev.slipway.core.build.RegistryFailure;
import dev.slipway.core.model.Environment;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployRunTest {

  @TempDir Path base;

  /** Counts renders, and remembers what each apply was handed. */
  private static final class RecordingTarget implements LiveTarget {
    final AtomicInteger renders = new AtomicInteger();
    final List<Rendering> applied = Collections.synchronizedList(new ArrayList<>());
    /** Renders whose applies fail, as a port already taken would. */
    final java.util.Set<Integer> failingRenders = new java.util.HashSet<>();
    /** What preflight finds wrong, if anything. */
    Optional<TargetFailure> preflightFailure = Optional.empty();
    final AtomicInteger preflights = new AtomicInteger();

    @Override
    public void preflight(RenderRequest request, DeployContext context) {
      preflights.incrementAndGet();
      preflightFailure.ifPresent(failure -> {
        throw failure;
      });
    }

    @Override
    public String type() {
      return "compose";
    }

    @Override
    public List<Problem> validate(TargetSpec spec) {
      return List.of();
    }

    @Override
    public Rendering render(RenderRequest request) {
      int number = renders.incrementAndGet();
      return new Rendering(List.of(new RenderedFile("compose.yaml", "render " + number + " of " + request.images() + "\n")));
    }

    @Override
    public void apply(Rendering rendering, RenderRequest request, List<String> order, DeployContext context) {
      applied.add(rendering);
      if (failingRenders.stream().anyMatch(n -> rendering.files().get(0).content().startsWith("render " + n + " "))) {
        throw new TargetFailure("port 8080 is already taken", false);
      }
    }

    @Override
    public TargetStatus status(RenderRequest request, DeployContext context) {
      return new TargetStatus(List.of());
    }

    @Override
    public void destroy(RenderRequest request, boolean volumes, DeployContext context) {}
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
    Project project = TestModel.project("shop", base, new TargetSpec("compose", Map.of(), HERE), service("web").image("nginx:1").build());
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    RecordingTarget target = new RecordingTarget();
    DeployContext context = new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});
    DeployRun run = new DeployRun(new DeployRun.Options(null, null, Set.of("build", "test", "deploy"), true, 2), event -> {});
    assertTrue(run.run(project, plan, target, context).succeeded());
    Rendering first = target.applied.get(0);
    target.failingRenders.add(2);

    DeployRun.Outcome failed = run.run(project, plan, target, context);

    assertEquals(Optional.of(1), failed.restored());
    assertEquals(2, target.renders.get(), "the restore renders nothing");
    assertEquals(first, target.applied.get(target.applied.size() - 1), "the restore applies release 1's files as recorded");
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
        base.resolve("no-python").toString(), base.resolve(".slipway"));
    DeployRun run = new DeployRun(new DeployRun.Options(noPip, null, Set.of("build", "test", "deploy"), true, 2), event -> {});

    TargetFailure failure = assertThrows(TargetFailure.class, () -> run.run(project, plan, target, context));

    assertEquals("the container engine is unreachable", failure.getMessage());
    assertEquals(0, target.renders.get(), "nothing rendered, so no release recorded");
    assertFalse(Files.exists(base.resolve(".slipway/state/env/releases")), "no release recorded");
    assertFalse(Files.exists(base.resolve(".slipway/cache/deps")), "pip never ran");
    DeployLock.acquire(context.stateDir().resolve("deploy.lock")).close();
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
        base.resolve("no-python").toString(), base.resolve(".slipway"));
    DeployRun run = new DeployRun(new DeployRun.Options(noPip, null, Set.of("build", "test", "deploy"), true, 2), event -> {});

    RegistryFailure failure = assertThrows(RegistryFailure.class, () -> run.run(project, plan, target, context));

    assertEquals("deploy.groovy:1: service 'web': registry " + registry + " is unreachable (connection refused): start it or check the address"
        + " in 'registry'; nothing was built or deployed", failure.getMessage());
    assertFalse(Files.exists(base.resolve(".slipway/cache/deps")), "pip never ran");
    assertEquals(0, target.renders.get());
  }

  @Test
  void run_noDeployStep_targetNotChecked() throws Exception {
    Project project = TestModel.project("shop", base, new TargetSpec("compose", Map.of(), HERE), service("web").image("nginx:1").build());
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    RecordingTarget target = new RecordingTarget();
    DeployContext context = new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});

    new DeployRun(new DeployRun.Options(null, null, Set.of("build", "test"), false, 2), event -> {}).run(project, plan, target, context);

    assertEquals(0, target.preflights.get());
  }

  /** In one stage, a deploy could otherwise start before another service's image exists, and record a release without it. */
  @Test
  void deployAfterBuilds_deployStepsWaitForEveryBuildBeforeThem() {
    List<Step> steps =
        List.of(
            step("build:api", StepKind.BUILD_IMAGE),
            step("build:worker", StepKind.BUILD_IMAGE),
            step("deploy:db", StepKind.DEPLOY),
            step("deploy:api", StepKind.DEPLOY, "build:api", "deploy:db"));

    List<Step> ordered = DeployRun.deployAfterBuilds(steps);

    assertEquals(
        List.of(List.of(), List.of(), List.of("build:api", "build:worker"), List.of("build:api", "deploy:db", "build:worker")),
        ordered.stream().map(Step::after).toList());
  }

  private static Step step(String id, StepKind kind, String... after) {
    return new Step(id, kind, id.substring(id.indexOf(':') + 1), "all", id, "test", Map.of(), List.of(after));
  }
}
