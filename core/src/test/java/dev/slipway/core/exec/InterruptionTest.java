package dev.slipway.core.exec;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.Event.StepState;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.plan.Step;
import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.state.DeployLock;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.Rendering;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a deploy does on Ctrl-C or SIGTERM, called as the shutdown hook would call it. */
class InterruptionTest {

  @TempDir Path base;

  private final RecordingTarget target = new RecordingTarget();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private Plan plan;
  private DeployContext context;
  private ReleaseStore store;
  private Executor executor;
  private DeployLock lock;

  @BeforeEach
  void environment() {
    Project project = TestModel.project("shop", base, new TargetSpec("compose", Map.of(), HERE), service("web").image("nginx:1").build());
    plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    context = new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});
    store = new FileReleaseStore(context.stateDir());
    executor = new Executor(1, event -> {});
  }

  /** Release 1 deployed and succeeded; then a deploy took the lock. */
  private ReleaseRecorder releaseOneDeployed() throws InterruptedException {
    assertTrue(new DeployRun(new DeployRun.Options(null, null, Set.of("deploy"), true, 1), event -> {}).run(plan.environment().project(), plan, target, context).succeeded());
    lock = DeployLock.acquire(DeployLock.file(context.stateDir()));
    return new ReleaseRecorder(store, target, plan.environment(), plan::images, Optional.empty());
  }

  /** ... and started release 2. */
  private ReleaseRecorder releaseTwoStarted() throws InterruptedException {
    ReleaseRecorder recorder = releaseOneDeployed();
    assertEquals(2, recorder.recorded().release().number());
    return recorder;
  }

  private Interruption interruption(boolean rollback, Duration deadline) {
    return new Interruption(plan, target, context, store, executor, lock, List.of("web"), rollback,
        event -> warnings.add(((Event.Warning) event).message()), deadline);
  }

  private void assertStartsNoMoreSteps() throws InterruptedException {
    Step step = new Step("deploy:web", dev.slipway.core.plan.StepKind.DEPLOY, "web", "deploy", "deploy web", "test", Map.of(), List.of());
    assertEquals(StepState.SKIPPED, executor.run(List.of(step), s -> ignored -> "ran").states().get("deploy:web"));
  }

  @Test
  void afterTheReleaseStarted_restoresThePreviousOne_marksItInterrupted_saysWhatRuns_andUnlocks() throws Exception {
    ReleaseRecorder recorder = releaseTwoStarted();
    Rendering releaseOne = store.rendering(1).orElseThrow();
    Interruption interruption = interruption(true, Duration.ofSeconds(10));
    interruption.recording(recorder);

    interruption.run();

    assertEquals(releaseOne, target.applied.get(target.applied.size() - 1), "release 1's files, as recorded, applied again");
    Release two = store.find(2).orElseThrow();
    assertEquals(Release.INTERRUPTED, two.outcome());
    assertEquals("interrupted; release 1 restored", two.detail());
    assertEquals(List.of("deploy interrupted: release 2 is marked interrupted, and release 1 was restored: env runs release 1 again"), warnings);
    assertEquals(Optional.of(1), interruption.restored());
    assertFalse(Files.exists(DeployLock.file(context.stateDir())), "the lock is given back");
    assertStartsNoMoreSteps();
  }

  /** A shutdown hook that hangs keeps the process from exiting: the restore gets a deadline, and the rest happens anyway. */
  @Test
  void restoreThatHangs_isGivenUpAtTheDeadline_andTheReleaseIsStillMarkedAndTheLockGivenBack() throws Exception {
    ReleaseRecorder recorder = releaseTwoStarted();
    target.hangingRenders.add(1);
    Interruption interruption = interruption(true, Duration.ofMillis(300));
    interruption.recording(recorder);

    long started = System.nanoTime();
    interruption.run();

    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0, "bounded by the deadline");
    assertEquals(Release.INTERRUPTED, store.find(2).orElseThrow().outcome());
    assertEquals("interrupted; not undone: restoring release 1 did not finish within 0.3 s", store.find(2).orElseThrow().detail());
    assertEquals(List.of("deploy interrupted: release 2 is marked interrupted and was not undone (restoring release 1 did not finish within 0.3 s):"
        + " env may run parts of it; check with `slipway status --env env`"), warnings);
    assertFalse(Files.exists(DeployLock.file(context.stateDir())));
  }

  @Test
  void withoutAnEarlierSuccessfulRelease_saysWhyNothingWasRestored() throws Exception {
    lock = DeployLock.acquire(DeployLock.file(context.stateDir()));
    ReleaseRecorder recorder = new ReleaseRecorder(store, target, plan.environment(), plan::images, Optional.empty());
    recorder.recorded();
    Interruption interruption = interruption(true, Duration.ofSeconds(10));
    interruption.recording(recorder);

    interruption.run();

    assertEquals("interrupted; not undone: there is no earlier successful release", store.find(1).orElseThrow().detail());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).startsWith("deploy interrupted: release 1 is marked interrupted and was not undone (there is no earlier successful release)"), warnings.get(0));
  }

  @Test
  void beforeAnyReleaseStarted_saysNothingChanged_andRecordsNothing() throws Exception {
    ReleaseRecorder recorder = releaseOneDeployed();
    Interruption interruption = interruption(true, Duration.ofSeconds(10));
    interruption.recording(recorder);

    interruption.run();

    assertEquals(List.of("deploy interrupted before it changed anything: env still runs release 1"), warnings);
    assertEquals(1, store.all().size());
    assertFalse(Files.exists(DeployLock.file(context.stateDir())));
    assertStartsNoMoreSteps();
  }

  /** The run got to record its own outcome first: the signal only waits for it and gives the lock back. */
  @Test
  void afterTheRunRecordedItsOutcome_leavesTheRecordAlone() throws Exception {
    ReleaseRecorder recorder = releaseTwoStarted();
    Interruption interruption = interruption(true, Duration.ofSeconds(10));
    interruption.recording(recorder);
    assertTrue(interruption.claimForRun());
    recorder.finish(Release.SUCCEEDED, "");
    interruption.runEnded();
    int applies = target.applied.size();

    interruption.run();

    assertEquals(Release.SUCCEEDED, store.find(2).orElseThrow().outcome());
    assertEquals(applies, target.applied.size(), "nothing restored");
    assertEquals(List.of(), warnings);
    assertFalse(Files.exists(DeployLock.file(context.stateDir())));
  }
}
