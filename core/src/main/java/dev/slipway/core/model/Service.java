package dev.slipway.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service: built from Python source ({@link #python()}) or run from a ready image
 * ({@link #image()}), with how to reach it, check it and what it needs.
 *
 * @param targetOptions settings only some targets give meaning to (Compose's {@code restart} and
 *     {@code rolling}), by DSL keyword, as written: the core carries them, the target that knows
 *     a keyword reads and checks it through its own typed settings, the others ignore it
 * @param origins where each setting was written, keyed by DSL keyword, for error messages; an
 *     env variable's own line is under {@code "env NAME"}, see {@link #envOrigin}
 * @param dockerfile a build from the service's own Dockerfile, the third way to get an image
 * @param command the container's command (arguments to the entrypoint) of an image or Dockerfile
 *     service; a Python service's start command is its build's
 * @param entrypoint the container's entrypoint of an image or Dockerfile service
 * @param envFiles files whose {@code KEY=VALUE} lines add to {@code env}, which wins over them
 * @param files project files put read-only into the container
 * @param mounts host paths mounted into the container, for development on one host
 * @param networks the networks the service joins; none means the environment's default one
 * @param metrics where it serves Prometheus metrics, for a scraper
 */
public record Service(
    String name,
    SourceLocation location,
    Optional<PythonBuild> python,
    Optional<String> image,
    List<Port> ports,
    Optional<HealthCheck> health,
    Map<String, String> env,
    List<SecretRef> secrets,
    List<Dependency> dependsOn,
    List<Volume> volumes,
    Optional<TestSpec> test,
    int replicas,
    Optional<Autoscale> autoscale,
    Optional<Resources> resources,
    Map<String, String> targetOptions,
    Map<String, SourceLocation> origins,
    Optional<DockerfileBuild> dockerfile,
    Optional<List<String>> command,
    Optional<List<String>> entrypoint,
    Optional<String> stopSignal,
    List<EnvFile> envFiles,
    List<ProjectFile> files,
    List<BindMount> mounts,
    List<String> networks,
    Optional<Metrics> metrics) {

  public Service {
    command = command.map(List::copyOf);
    entrypoint = entrypoint.map(List::copyOf);
    envFiles = List.copyOf(envFiles);
    files = List.copyOf(files);
    mounts = List.copyOf(mounts);
    networks = List.copyOf(networks);
    ports = List.copyOf(ports);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    secrets = List.copyOf(secrets);
    dependsOn = List.copyOf(dependsOn);
    volumes = List.copyOf(volumes);
    targetOptions = Collections.unmodifiableMap(new LinkedHashMap<>(targetOptions));
    origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
  }

  /** The value written for a target's own keyword, e.g. {@code restart}. */
  public Optional<String> targetOption(String keyword) {
    return Optional.ofNullable(targetOptions.get(keyword));
  }

  /** Where {@code keyword} was written for this service, or where the service was declared. */
  public SourceLocation origin(String keyword) {
    return origins.getOrDefault(keyword, location);
  }

  /**
   * Where env variable {@code key} was set: an environment that adds one variable must not move
   * the blame for another to its own line.
   */
  public SourceLocation envOrigin(String key) {
    return origins.getOrDefault(envKeyword(key), origin("env"));
  }

  /** The {@link #origins()} key for one env variable. */
  public static String envKeyword(String key) {
    return "env " + key;
  }

  /** Whether Slipway builds this service's image, from Python source or from its Dockerfile. */
  public boolean isBuilt() {
    return python.isPresent() || dockerfile.isPresent();
  }

  /** The first port, which health checks and single-port targets use by default. */
  public Optional<Port> primaryPort() {
    return ports.stream().findFirst();
  }

  /**
   * This service as an environment sees it after its override is applied: merged onto the
   * service's own settings by {@link ServicePatch#then}, the one merge of overrides.
   */
  public Service with(ServicePatch patch) {
    ServicePatch merged = settings().then(patch);
    // The service's own settings fill every field, so nothing of the merged patch is empty.
    return new Service(
        name,
        location,
        python,
        merged.image(),
        merged.ports().orElseThrow(),
        merged.health(),
        merged.env(),
        merged.secrets(),
        dependsOn,
        volumes,
        test,
        merged.replicas().orElseThrow(),
        merged.autoscale(),
        merged.resources(),
        merged.targetOptions(),
        merged.origins(),
        dockerfile,
        merged.command(),
        merged.entrypoint(),
        stopSignal,
        merged.envFiles(),
        files,
        merged.mounts(),
        networks,
        metrics);
  }

  /** This service with its build and health check as resolving its environment decided them. */
  public Service resolved(Optional<PythonBuild> resolvedPython, Optional<HealthCheck> resolvedHealth) {
    if (resolvedPython.equals(python) && resolvedHealth.equals(health)) {
      return this;
    }
    return new Service(
        name, location, resolvedPython, image, ports, resolvedHealth, env, secrets, dependsOn, volumes, test, replicas, autoscale, resources,
        targetOptions, origins, dockerfile, command, entrypoint, stopSignal, envFiles, files, mounts, networks, metrics);
  }

  /** This service with its metrics endpoint as resolving its environment decided it (its port). */
  public Service withMetrics(Metrics resolvedMetrics) {
    return new Service(
        name, location, python, image, ports, health, env, secrets, dependsOn, volumes, test, replicas, autoscale, resources,
        targetOptions, origins, dockerfile, command, entrypoint, stopSignal, envFiles, files, mounts, networks, Optional.of(resolvedMetrics));
  }

  /**
   * This service with the variables its env files give under its own {@code env}, which wins as
   * Compose's {@code environment} wins over {@code env_file}.
   *
   * @param lines where each variable from a file was set, so an error about it points there
   */
  public Service withFileEnv(Map<String, String> fromFiles, Map<String, SourceLocation> lines) {
    if (fromFiles.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(fromFiles);
    merged.putAll(env);
    Map<String, SourceLocation> mergedOrigins = new LinkedHashMap<>(origins);
    lines.forEach((key, line) -> {
      if (!env.containsKey(key)) {
        mergedOrigins.put(envKeyword(key), line);
      }
    });
    return new Service(
        name, location, python, image, ports, health, merged, secrets, dependsOn, volumes, test, replicas, autoscale, resources,
        targetOptions, mergedOrigins, dockerfile, command, entrypoint, stopSignal, envFiles, files, mounts, networks, metrics);
  }

  /** What an environment may change about this service, as the service itself sets it. */
  private ServicePatch settings() {
    Map<String, SourceLocation> pinned = new LinkedHashMap<>(origins);
    // The patch's own `env` line takes over the keyword; variables set here keep this line.
    env.keySet().forEach(key -> pinned.putIfAbsent(envKeyword(key), envOrigin(key)));
    return new ServicePatch(
        name,
        location,
        image,
        Optional.of(ports),
        health,
        env,
        secrets,
        Optional.of(replicas),
        autoscale,
        resources,
        targetOptions,
        pinned,
        command,
        entrypoint,
        envFiles,
        mounts);
  }
}
