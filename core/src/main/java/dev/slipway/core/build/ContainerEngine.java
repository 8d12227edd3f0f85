package dev.slipway.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local container engine, when there is one that works: podman first (daemonless, so
 * present means usable), then docker if its daemon answers; for building Dockerfiles only,
 * buildah after them. {@code SLIPWAY_ENGINE} names one explicitly; {@code SLIPWAY_ENGINE=none}
 * turns engine use off.
 */
public record ContainerEngine(Path executable) {

  public String name() {
    return executable.getFileName().toString();
  }

  /** Detected once per process: it reads only PATH and SLIPWAY_ENGINE, and may start a process. */
  public static Optional<ContainerEngine> detect() {
    return Detected.ENGINE;
  }

  private static final class Detected {
    static final Optional<ContainerEngine> ENGINE = find(System.getenv());
  }

  /**
   * The engine that builds Dockerfile services: the local engine as {@link #detect} finds it,
   * else buildah, which builds and pushes but runs nothing. Detected once per process.
   */
  public static Optional<ContainerEngine> detectBuilder() {
    return DetectedBuilder.ENGINE;
  }

  private static final class DetectedBuilder {
    static final Optional<ContainerEngine> ENGINE = detect().or(() -> buildOnly(System.getenv()));
  }

  /** The engine {@code environment} leads to for building Dockerfiles; see {@link #detectBuilder}. */
  static Optional<ContainerEngine> findBuilder(Map<String, String> environment) {
    return find(environment).or(() -> buildOnly(environment));
  }

  /** buildah, unless SLIPWAY_ENGINE chose an engine (or none): then that choice stands alone. */
  private static Optional<ContainerEngine> buildOnly(Map<String, String> environment) {
    String chosen = environment.get("SLIPWAY_ENGINE");
    if (chosen != null && !chosen.isBlank()) {
      return Optional.empty();
    }
    return onPath("buildah", environment.getOrDefault("PATH", "/usr/bin:/bin")).map(ContainerEngine::new);
  }

  /** Why {@link #detectBuilder} found nothing, and what to do about it. */
  public static String noBuilder() {
    return noBuilder(System.getenv());
  }

  static String noBuilder(Map<String, String> environment) {
    String chosen = environment.get("SLIPWAY_ENGINE");
    if ("none".equals(chosen)) {
      return "SLIPWAY_ENGINE=none turns container engines off: unset it, or set it to podman, docker or buildah";
    }
    if (chosen != null && !chosen.isBlank()) {
      return "SLIPWAY_ENGINE=" + chosen + " is not an executable on PATH: install it, or set SLIPWAY_ENGINE to podman, docker or buildah";
    }
    return "no container engine was found (looked for podman, docker with a daemon that answers, and buildah on PATH):"
        + " install podman (scripts/setup-containers does)";
  }

  /** The engine {@code environment} (PATH, SLIPWAY_ENGINE, DOCKER_HOST) leads to. */
  static Optional<ContainerEngine> find(Map<String, String> environment) {
    String chosen = environment.get("SLIPWAY_ENGINE");
    if ("none".equals(chosen)) {
      return Optional.empty();
    }
    String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
    if (chosen != null && !chosen.isBlank()) {
      return onPath(chosen, path).map(ContainerEngine::new);
    }
    Optional<Path> podman = onPath("podman", path);
    if (podman.isPresent()) {
      return podman.map(ContainerEngine::new);
    }
    // A docker CLI without a daemon is common (CI images, this machine): only a server that answers counts.
    return onPath("docker", path).filter(docker -> answers(docker, environment)).map(ContainerEngine::new);
  }

  /** {@code tool} as the shell would find it on {@code path} (a PATH value), or as given when it has a slash. */
  public static Optional<Path> onPath(String tool, String path) {
    if (tool.contains("/")) {
      return Files.isExecutable(Path.of(tool)) ? Optional.of(Path.of(tool)) : Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean answers(Path docker, Map<String, String> environment) {
    try {
      // A daemon that accepts the connection but never answers must not hang the choice of engine.
      return ProcessResult.run(List.of(docker.toString(), "version", "--format", "{{.Server.Version}}"), Path.of("."), environment, Duration.ofSeconds(20))
          .exitCode() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
