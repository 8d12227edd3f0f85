package dev.slipway.core.exec;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.Event.StepState;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Runs a plan's DAG: independent steps in parallel (bounded), each only after its prerequisites
 * and every step of the stage before its own have succeeded. A failure stops what depends on
 * it, lets running siblings finish, and the result says what ran, what was skipped and why.
 */
public final class Executor {

  /**
   * What happened to every step, in plan order.
   *
   * @param failures the exception of each failed step, for callers that map causes to exit codes
   */
  public record Result(Map<String, StepState> states, Map<String, String> details, Map<String, Throwable> failures) {

    public boolean succeeded() {
      return states.values().stream().allMatch(s -> s == StepState.SUCCEEDED || s == StepState.UP_TO_DATE);
    }

    /** One line per step: {@code build:web  succeeded  sha256:...}. */
    public List<String> summary() {
      List<String> lines = new ArrayList<>();
      states.forEach((id, state) -> lines.add(id + "  " + state.name().toLowerCase().replace('_', ' ') + "  " + details.getOrDefault(id, "")));
      return lines;
    }
  }

  private record Finished(String stepId, StepState state, String detail, Throwable failure) {
    Finished(String stepId, StepState state, String detail) {
      this(stepId, state, detail, null);
    }
  }

  /**
   * How many steps that mostly wait (a deploy watching a rollout, a one-off run) may run at once
   * besides: their number, not the CPUs, bounds how fast independent services roll out.
   */
  static final int WAITING_STEPS = 32;

  private final int parallelism;
  private final EventListener events;
  private volatile boolean cancelled;
  /** The threads running a step now, for {@link #cancel} to interrupt. */
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();

  /**
   * @param parallelism how many steps that work the CPU (image builds, test runs) may run at once;
   *     the CPU count is a good default. Steps that mostly wait get {@link #WAITING_STEPS} more.
   */
  public Executor(int parallelism, EventListener events) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    this.parallelism = parallelism;
    this.events = events;
  }

  /**
   * Stops starting steps and interrupts the running ones, whose actions then stop what they run
   * (a process, a health wait) and fail; the run returns once they have.
   */
  public void cancel() {
    cancelled = true;
    running.forEach(Thread::interrupt);
  }

  public Result run(List<Step> steps, Function<Step, StepAction> actions) throws InterruptedException {
    Map<String, Set<String>> prerequisites = prerequisites(steps);
    Map<String, StepState> states = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    Map<String, Throwable> failures = new LinkedHashMap<>();
    steps.forEach(s -> states.put(s.id(), null));
    BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism + WAITING_STEPS, runnable -> {
      Thread thread = new Thread(runnable, "slipway-step");
      thread.setDaemon(true);
      return thread;
    });
    int running = 0;
    int working = 0;
    Map<String, Boolean> works = new LinkedHashMap<>();
    steps.forEach(s -> works.put(s.id(), worksTheCpu(s)));
    try {
      while (true) {
        boolean progressed = false;
        for (Step step : steps) {
          if (states.get(step.id()) != null) {
            continue;
          }
          Set<String> before = prerequisites.get(step.id());
          String blocker = before.stream().filter(id -> isBad(states.get(id))).findFirst().orElse(null);
          if (blocker != null || cancelled) {
            String why = cancelled ? "cancelled" : "not run because " + blocker + " " + describe(states.get(blocker));
            mark(states, details, step.id(), StepState.SKIPPED, why);
            progressed = true;
          } else if ((works.get(step.id()) ? working < parallelism : running - working < WAITING_STEPS)
              && before.stream().allMatch(id -> isGood(states.get(id)))) {
            states.put(step.id(), StepState.STARTED);
            events.on(new Event.StepChanged(Instant.now(), step.id(), StepState.STARTED, step.summary()));
            running++;
            working += works.get(step.id()) ? 1 : 0;
            StepAction action = actions.apply(step);
            pool.execute(() -> finished.add(runOne(step, action)));
            progressed = true;
          }
        }
        if (running == 0 && !progressed) {
          break;
        }
        if (running > 0) {
          Finished done = finished.take();
          running--;
          working -= works.get(done.stepId()) ? 1 : 0;
          mark(states, details, done.stepId(), done.state(), done.detail());
          if (done.failure() != null) {
            failures.put(done.stepId(), done.failure());
          }
        }
      }
    } catch (InterruptedException e) {
      cancelled = true;
      pool.shutdownNow();
      throw e;
    } finally {
      pool.shutdown();
    }
    return new Result(states, details, failures);
  }

  private static boolean worksTheCpu(Step step) {
    return step.kind() == StepKind.BUILD_IMAGE || step.kind() == StepKind.RUN_TESTS;
  }

  private Finished runOne(Step step, StepAction action) {
    Thread self = Thread.currentThread();
    // Registered before the check: a cancel either sees this thread or is seen by it.
    running.add(self);
    try {
      if (cancelled) {
        return new Finished(step.id(), StepState.SKIPPED, "cancelled");
      }
      return new Finished(step.id(), StepState.SUCCEEDED, String.valueOf(action.run(step)));
    } catch (StepAction.UpToDate upToDate) {
      return new Finished(step.id(), StepState.UP_TO_DATE, upToDate.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Finished(step.id(), StepState.FAILED, "interrupted", e);
    } catch (Exception | LinkageError e) {
      return new Finished(step.id(), StepState.FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    } finally {
      running.remove(self);
    }
  }

  private void mark(Map<String, StepState> states, Map<String, String> details, String id, StepState state, String detail) {
    states.put(id, state);
    details.put(id, detail);
    events.on(new Event.StepChanged(Instant.now(), id, state, detail));
  }

  /** A step's own {@code after}, plus every step of the stage before its own (among the steps run). */
  static Map<String, Set<String>> prerequisites(List<Step> steps) {
    Map<String, List<String>> byStage = new LinkedHashMap<>();
    steps.forEach(s -> byStage.computeIfAbsent(s.stage(), k -> new ArrayList<>()).add(s.id()));
    List<String> stages = new ArrayList<>(byStage.keySet());
    Map<String, Set<String>> prerequisites = new LinkedHashMap<>();
    for (Step step : steps) {
      Set<String> before = new LinkedHashSet<>(step.after());
      int stage = stages.indexOf(step.stage());
      if (stage > 0) {
        before.addAll(byStage.get(stages.get(stage - 1)));
      }
      prerequisites.put(step.id(), before);
    }
    // Steps left out of the run (a skipped stage) are the user's choice, not a blocker.
    Set<String> present = new LinkedHashSet<>(steps.stream().map(Step::id).toList());
    prerequisites.values().forEach(before -> before.retainAll(present));
    return prerequisites;
  }

  private static boolean isGood(StepState state) {
    return state == StepState.SUCCEEDED || state == StepState.UP_TO_DATE;
  }

  private static boolean isBad(StepState state) {
    return state == StepState.FAILED || state == StepState.SKIPPED;
  }

  private static String describe(StepState state) {
    return state == StepState.FAILED ? "failed" : "was skipped";
  }
}
