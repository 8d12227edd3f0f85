package dev.slipway.core.exec;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.process.ProcessId;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.DeployState;
import java.time.Instant;
import java.util.Optional;

/**
 * What every command that reads or changes an environment's releases does first, so that a crash
 * or a damaged record is reported once, in one line, and never blocks anything: each damaged record
 * is named with what is wrong (every query skips it from then on), and a release left in progress
 * by a deploy that is gone (killed, crashed, its machine rebooted) is marked
 * {@link Release#INTERRUPTED}, so that no release stays "in progress" forever.
 *
 * <p>When a deploy is gone, by who recorded the release (its owner):
 *
 * <ul>
 *   <li>this process: never (it is the one asking);
 *   <li>a process of this host: when that process no longer runs;
 *   <li>nobody recorded (records from before owners were), or a process on another host whose
 *       state's lock expires ({@link DeployState#lockExpires()}): when nobody else holds the lock.
 *       A deploy holds the lock from before its release is recorded until after its outcome is,
 *       so a free lock means it is over; the record is read again after the lock was seen free,
 *       so a deploy that just finished is not taken for one that died;
 *   <li>a process on another host, with a lock file: never. A lock file cannot tell whether a
 *       process elsewhere runs, so the file state never second-guesses one.
 * </ul>
 */
public final class ReleaseCheckup {

  private ReleaseCheckup() {}

  public static void run(DeployState state, EventListener events) {
    ReleaseStore store = state.releases();
    store.damaged().forEach(damaged -> events.on(new Event.Warning(Instant.now(), damaged.message())));
    for (Release release : store.all()) {
      if (Release.IN_PROGRESS.equals(release.outcome())) {
        whyGone(release, state)
            .filter(why -> store.find(release.number()).map(r -> Release.IN_PROGRESS.equals(r.outcome())).orElse(false))
            .ifPresent(why -> {
              store.save(release.finished(Release.INTERRUPTED,
                  release.owner().map(owner -> "its deploy, " + owner + ", stopped before it finished").orElse("its deploy stopped before it finished")));
              events.on(new Event.Warning(Instant.now(), "release " + release.number() + " was interrupted (" + why + ")"));
            });
      }
    }
  }

  /** Why the deploy of an in-progress release is known to be gone, by the rules above; empty when it may still run. */
  private static Optional<String> whyGone(Release release, DeployState state) {
    Optional<ProcessId> owner = release.owner();
    if (owner.isPresent() && owner.get().equals(ProcessId.current())) {
      return Optional.empty();
    }
    if (owner.isPresent() && owner.get().host().equals(ProcessId.thisHost())) {
      return owner.get().isGone() ? Optional.of("its deploy, " + owner.get() + ", is gone") : Optional.empty();
    }
    if (owner.isPresent() && !state.lockExpires()) {
      return Optional.empty();
    }
    if (state.otherHolder().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(owner.map(o -> "its deploy, " + o + ", is gone: nobody holds the lock").orElse("its deploy is gone: no other deploy holds the lock"));
  }
}
