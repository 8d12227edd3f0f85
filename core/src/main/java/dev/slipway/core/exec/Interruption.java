package dev.slipway.core.exec;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;

/**
 * What a deploy does when Ctrl-C or SIGTERM cuts it short, run as its shutdown hook: start no
 * more steps and stop the running ones, put the previous successful release back, mark the
 * release {@link Release#INTERRUPTED}, say what the environment runs now, and give the lock back.
 * A shutdown hook that hangs keeps the process from exiting, so the restore has a deadline and
 * everything else is a few file writes. Exactly one of the run and this records how the release
 * ended: whichever claims it first.
 */
final class Interruption implements Runnable {

  /** Long enough for a restore of a few services; short enough for someone waiting at Ctrl-C. */
  static final Duration RESTORE_DEADLINE = Duration.ofSeconds(30);

  private enum Claim {
    RUN,
    SIGNAL
  }

  private final Plan plan;
  private final LiveTarget target;
  private final DeployContext context;
  private final ReleaseStore releases;
  private final Executor executor;
  private final EnvironmentLock lock;
  private final List<String> order;
  private final boolean rollback;
  private final EventListener events;
  private final Duration restoreDeadline;
  private final AtomicReference<Claim> claim = new AtomicReference<>();
  /** Counted down once the outcome is recorded and the lock given back, by either side. */
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile ReleaseRecorder recorder;
  private volatile Optional<Integer> restored = Optional.empty();

  /**
   * @param releases the environment's releases, as the run records them
   * @param order the deploy order, which a restore applies the previous release in
   * @param rollback whether to restore the previous release (off: leave what was applied, for debugging)
   */
  Interruption(Plan plan, LiveTarget target, DeployContext context, ReleaseStore releases, Executor executor, EnvironmentLock lock,
      List<String> order, boolean rollback, EventListener events, Duration restoreDeadline) {
    this.plan = plan;
    this.target = target;
    this.context = context;
    this.releases = releases;
    this.executor = executor;
    this.lock = lock;
    this.order = List.copyOf(order);
    this.rollback = rollback;
    this.events = events;
    this.restoreDeadline = restoreDeadline;
  }

  /** The run's recorder, once the run has one: before that, nothing can have been applied. */
  void recording(ReleaseRecorder recorder) {
    this.recorder = recorder;
  }

  /** The run's side: whether the run records how it ended (true again once claimed), or a signal already does. */
  boolean claimForRun() {
    return claim.compareAndSet(null, Claim.RUN) || claim.get() == Claim.RUN;
  }

  /** The run's side, at its very end: its outcome is recorded and the lock given back. */
  void runEnded() {
    ended.countDown();
  }

  /** The run's side, when a signal claimed the ending: waits (bounded) until it is recorded. */
  void awaitEnd() throws InterruptedException {
    ended.await(restoreDeadline.toMillis() + 5_000, TimeUnit.MILLISECONDS);
  }

  /** The release a signal restored, if it did. */
  Optional<Integer> restored() {
    return restored;
  }

  @Override
  public void run() {
    if (!claim.compareAndSet(null, Claim.SIGNAL)) {
      if (claim.get() == Claim.RUN) {
        // The run is recording its own outcome, perhaps restoring: give it the same deadline.
        try {
          awaitEnd();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        lock.close();
      }
      return;
    }
    try {
      executor.cancel();
      interrupt();
    } finally {
      lock.close();
      ended.countDown();
    }
  }

  private void interrupt() {
    String environment = plan.environment().name();
    Optional<Release> started = Optional.ofNullable(recorder).flatMap(ReleaseRecorder::started);
    if (started.isEmpty()) {
      say("deploy interrupted before it changed anything: " + releases.current()
          .map(current -> environment + " still runs release " + current.number()).orElse(environment + " is unchanged"));
      return;
    }
    Release release = started.get();
    Optional<Release> previous = releases.current();
    String notUndone;
    if (!rollback) {
      notUndone = "rollback is off";
    } else if (previous.isEmpty()) {
      notUndone = releases.lastSucceeded(release.number()).isPresent()
          ? environment + " was destroyed before this deploy" : "there is no earlier successful release";
    } else {
      notUndone = restore(previous.get()).orElse(null);
    }
    if (notUndone == null) {
      int number = previous.orElseThrow().number();
      recorder.finish(Release.INTERRUPTED, "interrupted; release " + number + " restored");
      restored = Optional.of(number);
      say("deploy interrupted: release " + release.number() + " is marked interrupted, and release " + number + " was restored: "
          + environment + " runs release " + number + " again");
    } else {
      recorder.finish(Release.INTERRUPTED, "interrupted; not undone: " + notUndone);
      say("deploy interrupted: release " + release.number() + " is marked interrupted and was not undone (" + notUndone + "): "
          + environment + " may run parts of it; check with `slipway status --env " + environment + "`");
    }
  }

  /**
   * Applies {@code previous} again, after the apply that was running stops, within the deadline.
   *
   * @return why it was not restored, or empty when it was
   */
  private Optional<String> restore(Release previous) {
    Lock applies = recorder.applies();
    FutureTask<Void> restore = new FutureTask<>(() -> {
      applies.lockInterruptibly();
      try {
        DeployRun.restore(plan, target, context, releases, previous, order);
      } finally {
        applies.unlock();
      }
      return null;
    });
    Thread thread = new Thread(restore, "slipway-restore-release-" + previous.number());
    // The process must be able to exit even if the target never answers.
    thread.setDaemon(true);
    thread.start();
    try {
      restore.get(restoreDeadline.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      restore.cancel(true);
      return Optional.of("restoring release " + previous.number() + " did not finish within " + seconds(restoreDeadline));
    } catch (ExecutionException e) {
      return Optional.of(String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      restore.cancel(true);
      return Optional.of("restoring release " + previous.number() + " was interrupted");
    }
  }

  private void say(String message) {
    events.on(new Event.Warning(Instant.now(), message));
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0)) + " s";
  }
}
