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
 * @param resolution what resolving the environment decided from the files; empty until then
 */
public record PythonBuild(
    String version,
    Optional<String> baseImage,
    String source,
    Optional<String> requirements,
    Optional<String> command,
    SourceLocation location,
    Optional<Resolution> resolution) {

  /**
   * The dependency file and start command a build uses, as the sources decided them once.
   *
   * @param dependencyFile relative to the script's directory; empty when there is none
   * @param dependencyFileDetected found in the source rather than named with {@code requirements}
   * @param commandReason why this command, e.g. {@code Flask app in app.py, gunicorn in requirements}
   */
  public record Resolution(Optional<String> dependencyFile, boolean dependencyFileDetected, String command, String commandReason) {}

  /** A build as a script declares it, before its environment is resolved. */
  public PythonBuild(String version, Optional<String> baseImage, String source, Optional<String> requirements, Optional<String> command, SourceLocation location) {
    this(version, baseImage, source, requirements, command, location, Optional.empty());
  }

  public PythonBuild resolved(Resolution decided) {
    return new PythonBuild(version, baseImage, source, requirements, command, location, Optional.of(decided));
  }

  /** What was decided; only a resolved environment's services have it. */
  public Resolution decided() {
    return resolution.orElseThrow(() -> new IllegalStateException("the python build at " + location + " was not resolved"));
  }

  /** The version a build uses when the script names none. */
  public static final String DEFAULT_VERSION = "3.12";

  public String effectiveBaseImage() {
    return baseImage.orElse("python:" + version + "-slim");
  }
}
