package dev.slipway.core.event;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * Something that happened while Slipway worked. Library code reports events and never prints;
 * the CLI's renderers decide how they look (TTY, plain, JSON).
 */
public sealed interface Event {

  Instant time();

  /** A finding worth a user's attention that does not stop the run. */
  record Warning(Instant time, String message) implements Event {}

  /** A step of the plan changed state. */
  record StepChanged(Instant time, String stepId, StepState state, String detail) implements Event {}

  /** How far a running step has got, between 0 and 1, with what it is doing now. */
  record StepProgress(Instant time, String stepId, double fraction, String detail) implements Event {}

  /**
   * A count of a long activity of a running step, sent each time it changes: packages pip has
   * collected, seconds spent waiting for a health check out of its deadline, Dockerfile
   * instructions run. Renderers redraw it on a terminal and show only some of it in a log, so
   * emitters send every change and leave the pacing to them.
   *
   * @param activity what the step is doing, e.g. {@code resolving requirements.txt with pip}
   * @param done how many {@code unit}s are done so far
   * @param total how many there will be, when that is known
   * @param unit what is counted, plural, e.g. {@code packages}, {@code s}
   */
  record Progress(Instant time, String stepId, String activity, long done, OptionalLong total, String unit) implements Event {

    /** The count as a person reads it: {@code 12 packages}, {@code 14 of 120 s}. */
    public String count() {
      return done + (total.isPresent() ? " of " + total.getAsLong() : "") + " " + unit;
    }
  }

  /**
   * What a running step's tools said that helps only when looking into a failure, such as a
   * library's retries: renderers show it when asked to ({@code --debug}).
   */
  record Debug(Instant time, String stepId, String detail) implements Event {}

  enum StepState {
    STARTED,
    UP_TO_DATE,
    SUCCEEDED,
    FAILED,
    SKIPPED
  }
}
