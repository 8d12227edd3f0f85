package dev.slipway.core.exec;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.process.ProcessId;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What every command that reads or changes an environment's releases does first, so that a crash
 * or a damaged file is reported once, in one line, and never blocks anything: each damaged record
 * is named with what is wrong (every query skips it from then on), and a release left in progress
 * by a deploy that is gone (killed, crashed, its machine rebooted) is marked
 * {@link Release#INTERRUPTED}, so that no release stays "in progress" forever.
 */
public final class ReleaseCheckup {

  private ReleaseCheckup() {}

  /** @param stateDir {@code .slipway/state/<env>} */
  public static void run(Path stateDir, EventListener events) {
    ReleaseStore store = new ReleaseStore(stateDir);
    store.damaged().forEach(damaged -> events.on(new Event.Warning(Instant.now(), damaged.message())));
    for (Release release : store.all()) {
      if (Release.IN_PROGRESS.equals(release.outcome())) {
        whyGone(release, stateDir).ifPresent(why -> {
          store.save(release.finished(Release.INTERRUPTED,
              release.owner().map(owner -> "its deploy, " + owner + ", stopped before it finished").orElse("its deploy stopped before it finished")));
          events.on(new Event.Warning(Instant.now(), "release " + release.number() + " was interrupted (" + why + ")"));
        });
      }
    }
  }

  /**
   * Why the deploy of an in-progress release is known to be gone: its process, by the lock's own
   * rule. A record from before owners were recorded can only be judged by the lock: nobody but a
   * running deploy (or this process) holding it means that deploy is over.
   */
  private static Optional<String> whyGone(Release release, Path stateDir) {
    if (release.owner().isPresent()) {
      ProcessId owner = release.owner().get();
      return owner.isGone() ? Optional.of("its deploy, " + owner + ", is gone") : Optional.empty();
    }
    boolean someoneElseDeploys = DeployLock.read(DeployLock.file(stateDir))
        .map(DeployLock.Holder::process)
        .filter(holder -> !holder.equals(ProcessId.current()) && !holder.isGone())
        .isPresent();
    return someoneElseDeploys ? Optional.empty() : Optional.of("its deploy is gone: no other deploy holds the lock");
  }
}
