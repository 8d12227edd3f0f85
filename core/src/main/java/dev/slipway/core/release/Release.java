package dev.slipway.core.release;

import dev.slipway.core.process.ProcessId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One deploy of an environment, a rollback, or its removal.
 *
 * @param images the image each service ran, by digest for built services
 * @param outcome {@link #IN_PROGRESS}, {@link #SUCCEEDED}, {@link #FAILED}, {@link #INTERRUPTED}
 *     or {@link #DESTROYED}
 * @param owner the process that made it: while it is in progress, the one to ask whether it still runs
 */
public record Release(
    int number, Instant time, Optional<String> revision, Map<String, String> images, String outcome, String detail, Optional<ProcessId> owner) {

  public static final String IN_PROGRESS = "in-progress";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  /** Its deploy stopped (killed, Ctrl-C, a crash) before it could record how it ended. */
  public static final String INTERRUPTED = "interrupted";
  /** {@code slipway destroy} removed what ran: nothing of an earlier release runs any more. */
  public static final String DESTROYED = "destroyed";

  public Release {
    images = Map.copyOf(images);
  }

  public Release finished(String newOutcome, String newDetail) {
    return new Release(number, time, revision, images, newOutcome, newDetail, owner);
  }
}
