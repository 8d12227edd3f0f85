package dev.slipway.core.model;

import java.util.Optional;

/** CPU (Kubernetes quantity, e.g. {@code 500m}) and memory (e.g. {@code 512Mi}) limits. */
public record Resources(Optional<String> cpu, Optional<String> memory, SourceLocation location) {}
