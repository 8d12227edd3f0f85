package dev.slipway.core.model;

/**
 * A file of {@code KEY=VALUE} lines whose values become the service's environment, read when the
 * environment is rendered. Its values are plain configuration, never secrets: declare a secret
 * with {@code secret}.
 *
 * @param path relative to the script's directory
 */
public record EnvFile(String path, SourceLocation location) {}
