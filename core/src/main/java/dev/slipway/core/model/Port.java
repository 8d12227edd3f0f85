package dev.slipway.core.model;

/**
 * A port the service listens on.
 *
 * @param container the port inside the container
 * @param published the host port on single-host targets; equal to {@code container} unless given
 */
public record Port(int container, int published, SourceLocation location) {}
