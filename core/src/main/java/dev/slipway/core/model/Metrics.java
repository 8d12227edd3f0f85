package dev.slipway.core.model;

/**
 * Where a service serves its metrics in Prometheus' text format, for a scraper: {@code metrics
 * '/metrics'} or {@code metrics '/metrics', port: 9100}.
 *
 * @param port one of the service's ports; {@link #FIRST_PORT} until the environment is resolved,
 *     which decides it as the service's first port (see {@link ResolvedEnvironment})
 */
public record Metrics(String path, int port, SourceLocation location) {

  /** The {@link #port} of {@code metrics '/metrics'} without a port: the service's first port. */
  public static final int FIRST_PORT = 0;
}
