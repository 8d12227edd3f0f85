package dev.slipway.core.model;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code run service: 'api', command: 'python manage.py migrate'}: a command run once in a
 * service's image, with the service's environment, that its stage waits for and that fails the
 * stage when it exits non-zero.
 *
 * @param timeout how long it may take, as written; see {@link #deadline}
 */
public record OneOffRun(String service, String command, Optional<Duration> timeout, SourceLocation location) implements StageAction {

  public static final String KEYWORD = "run";

  @Override
  public String keyword() {
    return KEYWORD;
  }

  /**
   * How long the run may take: its {@code timeout}, else the deadline the service's health check
   * gives a deploy of it, so that a service a deploy waits two minutes for gets as long to migrate.
   */
  public Duration deadline(Service service) {
    return timeout.orElseGet(() -> service.health().map(HealthCheck::deadline).orElse(HealthCheck.DEFAULT_DEADLINE));
  }
}
