package dev.slipway.core.model;

import java.time.Duration;

/**
 * How a target decides that a service is ready. Every target gates dependents on it.
 */
public sealed interface HealthCheck {

  /** How long, in total, a deploy waits for the check to pass before giving up. */
  Duration deadline();

  /** How often and how patiently the check runs, as Compose's healthcheck says it. */
  Timing timing();

  /** This check with other timing and deadline. */
  HealthCheck with(Timing timing, Duration deadline);

  /**
   * The check's rhythm with Compose's meaning, which the Kubernetes probes take over: run every
   * {@code interval}, give each run {@code timeout}, count the service unhealthy after {@code
   * retries} failures in a row, and count no failure during {@code startPeriod}.
   */
  record Timing(Duration interval, Duration timeout, int retries, Duration startPeriod) {

    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(3), 3, Duration.ZERO);
  }

  /**
   * An HTTP GET that must answer 2xx or 3xx. A script may leave the port out (0): the service's
   * first port, filled in by {@link ResolvedEnvironment}.
   */
  record Http(String path, int port, Duration deadline, Timing timing) implements HealthCheck {

    public Http(String path, int port, Duration deadline) {
      this(path, port, deadline, Timing.DEFAULT);
    }

    @Override
    public Http with(Timing newTiming, Duration newDeadline) {
      return new Http(path, port, newDeadline, newTiming);
    }
  }

  /** A TCP connect that must succeed. */
  record Tcp(int port, Duration deadline, Timing timing) implements HealthCheck {

    public Tcp(int port, Duration deadline) {
      this(port, deadline, Timing.DEFAULT);
    }

    @Override
    public Tcp with(Timing newTiming, Duration newDeadline) {
      return new Tcp(port, newDeadline, newTiming);
    }
  }

  /** A shell command run inside the container that must exit 0. */
  record Command(String command, Duration deadline, Timing timing) implements HealthCheck {

    public Command(String command, Duration deadline) {
      this(command, deadline, Timing.DEFAULT);
    }

    @Override
    public Command with(Timing newTiming, Duration newDeadline) {
      return new Command(command, newDeadline, newTiming);
    }
  }

  Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);
}
