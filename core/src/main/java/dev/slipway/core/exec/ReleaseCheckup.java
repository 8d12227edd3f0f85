package dev.slipway.core.exec;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.release.ReleaseStore;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What every command that reads or changes an environment's releases does first, so that a crash
 * or a damaged file is reported once, in one line, and never blocks anything: each damaged record
 * is named with what is wrong (every query skips it from then on).
 */
public final class ReleaseCheckup {

  private ReleaseCheckup() {}

  /** @param stateDir {@code .slipway/state/<env>} */
  public static void run(Path stateDir, EventListener events) {
    ReleaseStore store = new ReleaseStore(stateDir);
    store.damaged().forEach(damaged -> events.on(new Event.Warning(Instant.now(), damaged.message())));
  }
}
