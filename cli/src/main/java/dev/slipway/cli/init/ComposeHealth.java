package dev.slipway.cli.init;

import java.util.OptionalInt;

/** Health checks between Compose's timing and Slipway's. */
final class ComposeHealth {

  // Slipway's health defaults (HealthCheck.Timing.DEFAULT and the deploy deadline), in seconds.
  private static final int DEFAULT_INTERVAL = 5;
  private static final int DEFAULT_TIMEOUT = 3;
  private static final int DEFAULT_RETRIES = 3;
  private static final int DEFAULT_DEADLINE = 120;

  private ComposeHealth() {}

  /**
   * A check whose start period and retries outlast the deploy's default wait gets a deadline that
   * lets them run out: Compose waits for a dependency until it is healthy or has failed them all.
   */
  static Draft.Health withDeadline(Draft.Health health) {
    long needed = health.startPeriod().orElse(0)
        + (long) (health.interval().orElse(DEFAULT_INTERVAL) + health.timeout().orElse(DEFAULT_TIMEOUT)) * health.retries().orElse(DEFAULT_RETRIES);
    if (needed <= DEFAULT_DEADLINE) {
      return health;
    }
    String comment = (health.comment().isEmpty() ? "" : health.comment() + "; ")
        + "deadline: how long a deploy waits, enough for the start period and every retry";
    return new Draft.Health(health.check(), health.interval(), health.timeout(), health.retries(), health.startPeriod(), OptionalInt.of((int) needed), comment);
  }

}
