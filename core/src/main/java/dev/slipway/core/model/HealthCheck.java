package dev.slipway.core.model;

import java.time.Duration;

/**
 * How a target decides that a service is ready. Every target gates dependents on it.
 */
public sealed interface HealthCheck {

  /** How long, in total, a deploy waits for the check to pass before giving up. */
  Duration deadline();

  /**
   * An HTTP GET that must answer 2xx or 3xx. A script may leave the port out (0): the service's
   * first port, filled in by {@link ResolvedEnvironment}.
   */
  record Http(String path, int port, Duration deadline) implements HealthCheck {}

  /** A TCP connect that must succeed. */
  record Tcp(int port, Duration deadline) implements HealthCheck {}

  /** A shell command run inside the container that must exit 0. */
  record Command(String command, Duration deadline) implements HealthCheck {}

  Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);
}
