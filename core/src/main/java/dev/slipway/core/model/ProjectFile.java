package dev.slipway.core.model;

/**
 * A file of the project put read-only into the container at {@code target}: a Compose bind mount,
 * a Kubernetes ConfigMap. Its content is part of what a deploy compares, so a changed file
 * restarts the service.
 *
 * @param source relative to the script's directory
 * @param target an absolute path in the container
 */
public record ProjectFile(String source, String target, SourceLocation location) {}
