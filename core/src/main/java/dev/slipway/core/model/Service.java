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
 * @param origins where each setting was written, keyed by DSL keyword, for error messages; an
 *     env variable's own line is under {@code "env NAME"}, see {@link #envOrigin}
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
    String restart,
    boolean rolling,
    Map<String, SourceLocation> origins) {

  public static final String DEFAULT_RESTART = "unless-stopped";

  public Service {
    ports = List.copyOf(ports);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    secrets = List.copyOf(secrets);
    dependsOn = List.copyOf(dependsOn);
    volumes = List.copyOf(volumes);
    origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
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

  public boolean isBuilt() {
    return python.isPresent();
  }

  /**
   * Whether a redeploy starts the new containers and waits for their health before stopping the
   * old ones: asked for with {@code rolling true}, and implied by more than one replica.
   */
  public boolean updatesRolling() {
    return rolling || replicas > 1;
  }

  /** The first port, which health checks and single-port targets use by default. */
  public Optional<Port> primaryPort() {
    return ports.stream().findFirst();
  }

  /** This service as an environment sees it after its override is applied. */
  public Service with(ServicePatch patch) {
    Map<String, String> mergedEnv = new LinkedHashMap<>(env);
    mergedEnv.putAll(patch.env());
    Map<String, SecretRef> mergedSecrets = new LinkedHashMap<>();
    secrets.forEach(s -> mergedSecrets.put(s.name(), s));
    patch.secrets().forEach(s -> mergedSecrets.put(s.name(), s));
    Map<String, SourceLocation> mergedOrigins = new LinkedHashMap<>(origins);
    // The patch's own `env` line takes over the keyword; variables set here keep this line.
    env.keySet().forEach(key -> mergedOrigins.putIfAbsent(envKeyword(key), envOrigin(key)));
    mergedOrigins.putAll(patch.origins());
    return new Service(
        name,
        location,
        python,
        patch.image().or(() -> image),
        patch.ports().orElse(ports),
        patch.health().or(() -> health),
        mergedEnv,
        List.copyOf(mergedSecrets.values()),
        dependsOn,
        volumes,
        test,
        patch.replicas().orElse(replicas),
        patch.autoscale().or(() -> autoscale),
        patch.resources().or(() -> resources),
        patch.restart().orElse(restart),
        patch.rolling().orElse(rolling),
        mergedOrigins);
  }
}
