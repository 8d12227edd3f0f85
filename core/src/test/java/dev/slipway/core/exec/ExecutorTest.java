package dev.slipway.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.Event.StepState;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutorTest {

  private static Step step(String id, String stage, String... after) {
    return new Step(id, StepKind.DEPLOY, id, stage, "run " + id, "test", Map.of(), List.of(after));
  }

  private final List<String> order = Collections.synchronizedList(new ArrayList<>());
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

  @Test
  void run_dependents_startOnlyAfterTheirPrerequisitesSucceed() throws InterruptedException {
    List<Step> steps = List.of(step("db", "deploy"), step("api", "deploy", "db"), step("worker", "deploy", "api", "db"));

    Executor.Result result = new Executor(4, events::add).run(steps, s -> x -> {
      order.add(x.id());
      return "ok";
    });

    assertTrue(result.succeeded());
    assertEquals(List.of("db", "api", "worker"), order);
  }

  @Test
  void run_independentSteps_runInParallel_upToTheBound() throws InterruptedException {
    CountDownLatch bothRunning = new CountDownLatch(2);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    List<Step> steps = List.of(build("a"), build("b"), build("c"));

    Executor.Result result = new Executor(2, events::add).run(steps, s -> x -> {
      peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      bothRunning.countDown();
      bothRunning.await(5, TimeUnit.SECONDS);
      Thread.sleep(50);
      concurrent.decrementAndGet();
      return "ok";
    });

    assertTrue(result.succeeded());
    assertEquals(2, peak.get(), "two builds at once, never three");
  }

  @Test
  void run_stepsThatWait_runBeyondTheCpuBound() throws InterruptedException {
    int services = 6;
    CountDownLatch allRunning = new CountDownLatch(services);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      steps.add(step("deploy:s" + i, "deploy"));
    }

    Executor.Result result = new Executor(1, events::add).run(steps, s -> x -> {
      allRunning.countDown();
      // Each deploy waits until all of them run: with one at a time this would time out and fail.
      if (!allRunning.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the deploys did not run side by side");
      }
      return "healthy";
    });

    assertTrue(result.succeeded(), result.summary().toString());
  }

  private static Step build(String id) {
    return new Step(id, StepKind.BUILD_IMAGE, id, "build", "build " + id, "test", Map.of(), List.of());
  }

  @Test
  void run_failure_skipsDependentsAndLaterStages_letsSiblingsFinish() throws InterruptedException {
    List<Step> steps = List.of(
        step("build:api", "build"), step("build:web", "build"),
        step("deploy:api", "deploy", "build:api"), step("deploy:web", "deploy", "build:web"));

    Executor.Result result = new Executor(2, events::add).run(steps, s -> x -> {
      if (x.id().equals("build:api")) {
        throw new IllegalStateException("pip could not install requirements.txt");
      }
      Thread.sleep(100);
      return "built";
    });

    assertFalse(result.succeeded());
    assertEquals(StepState.FAILED, result.states().get("build:api"));
    assertEquals(StepState.SUCCEEDED, result.states().get("build:web"), "a running sibling finishes");
    assertEquals(StepState.SKIPPED, result.states().get("deploy:api"));
    assertEquals(StepState.SKIPPED, result.states().get("deploy:web"), "the next stage waits for the whole previous one");
    assertEquals("not run because build:api failed", result.details().get("deploy:api"));
    assertEquals("pip could not install requirements.txt", result.details().get("build:api"));
    assertTrue(result.failures().get("build:api") instanceof IllegalStateException, "the cause is kept for exit codes");
  }

  @Test
  void run_upToDateStep_countsAsDone() throws InterruptedException {
    List<Step> steps = List.of(step("build:web", "build"), step("deploy:web", "deploy", "build:web"));

    Executor.Result result = new Executor(1, events::add).run(steps, s -> x -> {
      if (x.id().startsWith("build")) {
        throw new StepAction.UpToDate("already in the registry");
      }
      return "deployed";
    });

    assertTrue(result.succeeded());
    assertEquals(StepState.UP_TO_DATE, result.states().get("build:web"));
    assertEquals(List.of("build:web  up to date  already in the registry", "deploy:web  succeeded  deployed"), result.summary());
  }

  @Test
  void run_reportsStartAndEndOfEveryStep() throws InterruptedException {
    new Executor(1, events::add).run(List.of(step("a", "s")), s -> x -> "fine");

    assertEquals(
        List.of(StepState.STARTED, StepState.SUCCEEDED),
        events.stream().map(e -> ((Event.StepChanged) e).state()).toList());
  }

  @Test
  void run_prerequisiteLeftOutOfTheRun_doesNotBlock() throws InterruptedException {
    // `deploy --skip test`: the deploy step still names test:web in its `after`.
    List<Step> steps = List.of(step("build:web", "build"), step("deploy:web", "deploy", "build:web", "test:web"));

    Executor.Result result = new Executor(1, events::add).run(steps, s -> x -> "fine");

    assertTrue(result.succeeded(), String.join("\n", result.summary()));
  }
}
