package dev.slipway.core.model;

import java.util.Optional;

/**
 * A port the service listens on. Every port reaches the other services of the environment; a
 * published one is also reachable from outside, on single-host targets on the host.
 *
 * @param container the port inside the container
 * @param published the host port on single-host targets, or {@link #NOT_PUBLISHED}
 * @param name a name for the port ({@code http}, {@code metrics}), when the script gives one
 */
public record Port(int container, int published, Optional<String> name, SourceLocation location) {

  /** The {@link #published} value of a port that other services reach but the host does not. */
  public static final int NOT_PUBLISHED = 0;

  /** A port published on {@code published}, unnamed. */
  public Port(int container, int published, SourceLocation location) {
    this(container, published, Optional.empty(), location);
  }

  public boolean isPublished() {
    return published != NOT_PUBLISHED;
  }
}
