package dev.slipway.core.model;

/** {@code dependsOn 'db'}: the service starts only after {@code service} is healthy. */
public record Dependency(String service, SourceLocation location) {}
