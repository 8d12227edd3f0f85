package dev.slipway.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an environment changes about one service, e.g. {@code prod { service('api') { replicas 3
 * } }}. Empty fields keep the service's own value; {@code env} and {@code secrets} merge by name.
 */
public record ServicePatch(
    String service,
    SourceLocation location,
    Optional<String> image,
    Optional<List<Port>> ports,
    Optional<HealthCheck> health,
    Map<String, String> env,
    List<SecretRef> secrets,
    Optional<Integer> replicas,
    Optional<Autoscale> autoscale,
    Optional<Resources> resources,
    Map<String, String> targetOptions,
    Map<String, SourceLocation> origins,
    Optional<List<String>> command,
    Optional<List<String>> entrypoint,
    List<EnvFile> envFiles,
    List<BindMount> mounts) {

  /** A patch that changes none of the container's command, entrypoint, env files or mounts. */
  public ServicePatch(
      String service,
      SourceLocation location,
      Optional<String> image,
      Optional<List<Port>> ports,
      Optional<HealthCheck> health,
      Map<String, String> env,
      List<SecretRef> secrets,
      Optional<Integer> replicas,
      Optional<Autoscale> autoscale,
      Optional<Resources> resources,
      Map<String, String> targetOptions,
      Map<String, SourceLocation> origins) {
    this(service, location, image, ports, health, env, secrets, replicas, autoscale, resources, targetOptions, origins,
        Optional.empty(), Optional.empty(), List.of(), List.of());
  }

  public ServicePatch {
    command = command.map(List::copyOf);
    entrypoint = entrypoint.map(List::copyOf);
    envFiles = List.copyOf(envFiles);
    mounts = List.copyOf(mounts);
    ports = ports.map(List::copyOf);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    secrets = List.copyOf(secrets);
    targetOptions = Collections.unmodifiableMap(new LinkedHashMap<>(targetOptions));
    origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
  }

  /**
   * Applies {@code later} on top of this patch, as an environment does over the one it extends;
   * {@link Service#with} merges an override onto its service the same way. Each field {@code
   * later} sets wins; env variables, secrets and target options merge by name and origins by
   * keyword, {@code later} winning; env files and mounts add up, {@code later}'s last.
   */
  public ServicePatch then(ServicePatch later) {
    Map<String, String> mergedEnv = new LinkedHashMap<>(env);
    mergedEnv.putAll(later.env);
    Map<String, SecretRef> mergedSecrets = new LinkedHashMap<>();
    secrets.forEach(s -> mergedSecrets.put(s.name(), s));
    later.secrets.forEach(s -> mergedSecrets.put(s.name(), s));
    Map<String, String> mergedOptions = new LinkedHashMap<>(targetOptions);
    mergedOptions.putAll(later.targetOptions);
    Map<String, SourceLocation> mergedOrigins = new LinkedHashMap<>(origins);
    mergedOrigins.putAll(later.origins);
    return new ServicePatch(
        service,
        later.location,
        later.image.or(() -> image),
        later.ports.or(() -> ports),
        later.health.or(() -> health),
        mergedEnv,
        List.copyOf(mergedSecrets.values()),
        later.replicas.or(() -> replicas),
        later.autoscale.or(() -> autoscale),
        later.resources.or(() -> resources),
        mergedOptions,
        mergedOrigins,
        later.command.or(() -> command),
        later.entrypoint.or(() -> entrypoint),
        concat(envFiles, later.envFiles),
        concat(mounts, later.mounts));
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
