package dev.slipway.core.plan;

/**
 * What one built service's image is made of, as the planner read and hashed it: the build stage
 * builds from these rather than reading the sources again, and the hash names the image.
 */
public sealed interface ImageInputs permits Planner.PythonInputs, DockerfileInputs {

  /** The SHA-256 of every input, hex. */
  String contentHash();

  /** {@code src-<first 12 hex digits of the content hash>}: same inputs, same tag, nothing to build. */
  default String tag() {
    return "src-" + contentHash().substring(0, 12);
  }
}
