package dev.slipway.core.model;

import java.util.Optional;

/**
 * How to build a Python service's image.
 *
 * @param version Python version, e.g. {@code 3.12}
 * @param baseImage explicit base image; when empty {@code python:<version>-slim}
 * @param source the application directory, relative to the script's directory
 * @param requirements the dependency file; when empty it is detected in {@code source}
 * @param command the start command; when empty it is detected from the source
 */
public record PythonBuild(
    String version,
    Optional<String> baseImage,
    String source,
    Optional<String> requirements,
    Optional<String> command,
    SourceLocation location) {

  /** The version a build uses when the script names none. */
  public static final String DEFAULT_VERSION = "3.12";

  public String effectiveBaseImage() {
    return baseImage.orElse("python:" + version + "-slim");
  }
}
