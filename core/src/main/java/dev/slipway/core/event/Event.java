package dev.slipway.core.event;

import java.time.Instant;

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
