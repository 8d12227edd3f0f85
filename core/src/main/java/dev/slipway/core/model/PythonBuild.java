package dev.slipway.core.model;

import java.util.List;
import java.util.Optional;

/**
 * How to build a Python service's image.
 *
 * @param version Python version, e.g. {@code 3.12}
 * @param baseImage explicit base image; when empty {@code python:<version>-slim}
 * @param source the application directory, relative to the script's directory
 * @param requirements the dependency file; when empty it is detected in {@code source}
 * @param command the start command; when empty it is detected from the source
 * @param workers how many worker processes the server Slipway runs starts ({@code workers 3})
 * @param timeout seconds a worker may take for one request ({@code timeout 60}), gunicorn's {@code --timeout}
 * @param resolution what resolving the environment decided from the files; empty until then
 */
public record PythonBuild(
    String version,
    Optional<String> baseImage,
    String source,
    Optional<String> requirements,
    Optional<String> command,
    Optional<ServerSetting> workers,
    Optional<ServerSetting> timeout,
    SourceLocation location,
    Optional<Resolution> resolution) {

  /** A server setting of the {@code python { }} block, and where it was written, for errors at its line. */
  public record ServerSetting(int value, SourceLocation location) {}

  /**
   * The dependency file and start command a build uses, as the sources decided them once.
   *
   * @param dependencyFile relative to the script's directory; empty when there is none
   * @param dependencyFileDetected found in the source rather than named with {@code requirements}
   * @param command with {@link #workers} and {@link #timeout} applied
   * @param commandReason why this command, e.g. {@code Flask app 'app' in app.py; gunicorn in requirements.txt}
   * @param commandWarnings what the user should know about it, e.g. that it starts a development server
   * @param port the container's {@code PORT}: the service's first port, or the port detected servers bind when it has none
   * @param importRoot the directory below the source that imports start from ({@code src} of a src
   *     layout), which the image puts on {@code PYTHONPATH}; empty for the source itself
   */
  public record Resolution(
      Optional<String> dependencyFile,
      boolean dependencyFileDetected,
      String command,
      String commandReason,
      List<String> commandWarnings,
      int port,
      Optional<String> importRoot) {

    public Resolution {
      commandWarnings = List.copyOf(commandWarnings);
    }
  }

  /** A build as a script declares it, before its environment is resolved. */
  public PythonBuild(
      String version,
      Optional<String> baseImage,
      String source,
      Optional<String> requirements,
      Optional<String> command,
      Optional<ServerSetting> workers,
      Optional<ServerSetting> timeout,
      SourceLocation location) {
    this(version, baseImage, source, requirements, command, workers, timeout, location, Optional.empty());
  }

  /** A build without server settings, as a script declares it. */
  public PythonBuild(String version, Optional<String> baseImage, String source, Optional<String> requirements, Optional<String> command, SourceLocation location) {
    this(version, baseImage, source, requirements, command, Optional.empty(), Optional.empty(), location);
  }

  public PythonBuild resolved(Resolution decided) {
    return new PythonBuild(version, baseImage, source, requirements, command, workers, timeout, location, Optional.of(decided));
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
