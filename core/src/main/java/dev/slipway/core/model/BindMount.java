package dev.slipway.core.model;

/**
 * A directory or file of the deploying host mounted into the container, for development (code
 * reloaded without a rebuild). Only single-host targets can honour it; a cluster has no such host.
 *
 * @param source relative to the script's directory, or absolute
 * @param target an absolute path in the container
 */
public record BindMount(String source, String target, boolean readOnly, SourceLocation location) {}
