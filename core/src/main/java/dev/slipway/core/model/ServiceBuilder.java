package dev.slipway.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link Service} one setting at a time, with the defaults a {@code service('name') { }}
 * block has: the DSL records each keyword here, and code that makes services without a script
 * (tests, tools) gets the same defaults.
 *
 * <p>Unless set, a service has no {@code python} build and no {@code image}, no ports, no health
 * check, env, secrets, dependencies or volumes, no {@code test}, {@code 1} replica, no autoscale
 * and no resources, no target options (each target has its own defaults for those), no
 * Dockerfile build, command, entrypoint, stop signal, env files, files, mounts or networks, and no
 * origins, so every error about it points at its own {@code location}. The shorthands that take
 * plain values, like {@link #port(int)}, place what they make at that location too.
 */
public final class ServiceBuilder {

  private final String name;
  private final SourceLocation location;
  private PythonBuild python;
  private String image;
  private final List<Port> ports = new ArrayList<>();
  private HealthCheck health;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<SecretRef> secrets = new ArrayList<>();
  private final List<Dependency> dependsOn = new ArrayList<>();
  private final List<Volume> volumes = new ArrayList<>();
  private TestSpec test;
  private int replicas = 1;
  private Autoscale autoscale;
  private Resources resources;
  private final Map<String, String> targetOptions = new LinkedHashMap<>();
  private final Map<String, SourceLocation> origins = new LinkedHashMap<>();
  private DockerfileBuild dockerfile;
  private List<String> command;
  private List<String> entrypoint;
  private String stopSignal;
  private Metrics metrics;
  private final List<EnvFile> envFiles = new ArrayList<>();
  private final List<ProjectFile> files = new ArrayList<>();
  private final List<BindMount> mounts = new ArrayList<>();
  private final List<String> networks = new ArrayList<>();

  private ServiceBuilder(String name, SourceLocation location) {
    this.name = name;
    this.location = location;
  }

  /** A service named {@code name}, declared at {@code location}. */
  public static ServiceBuilder service(String name, SourceLocation location) {
    return new ServiceBuilder(name, location);
  }

  public ServiceBuilder python(PythonBuild build) {
    python = build;
    return this;
  }

  /**
   * Python {@value PythonBuild#DEFAULT_VERSION} from {@code source}, requirements detected.
   *
   * @param command the start command, or null to detect it from the source
   */
  public ServiceBuilder python(String source, String command) {
    return python(
        new PythonBuild(PythonBuild.DEFAULT_VERSION, Optional.empty(), source, Optional.empty(), Optional.ofNullable(command), location));
  }

  public ServiceBuilder image(String reference) {
    image = reference;
    return this;
  }

  /** Adds a port; ports keep the order they are added in, the first is the primary one. */
  public ServiceBuilder port(Port port) {
    ports.add(port);
    return this;
  }

  /** Adds a port published on the same number. */
  public ServiceBuilder port(int port) {
    return port(new Port(port, port, location));
  }

  public ServiceBuilder health(HealthCheck check) {
    health = check;
    return this;
  }

  /** Sets one variable; setting it again replaces the value and keeps its place. */
  public ServiceBuilder env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Adds a secret; the same name twice is kept twice, for validation to report. */
  public ServiceBuilder secret(SecretRef secret) {
    secrets.add(secret);
    return this;
  }

  /** Adds secret {@code secret} read from the deployer's environment variable {@code variable}. */
  public ServiceBuilder secretFromEnv(String secret, String variable) {
    return secret(new SecretRef(secret, Optional.of(variable), Optional.empty(), location));
  }

  public ServiceBuilder dependsOn(Dependency dependency) {
    dependsOn.add(dependency);
    return this;
  }

  public ServiceBuilder dependsOn(String service) {
    return dependsOn(new Dependency(service, location));
  }

  public ServiceBuilder volume(Volume volume) {
    volumes.add(volume);
    return this;
  }

  /** Adds volume {@code volume} mounted at {@code path}, of {@value Volume#DEFAULT_SIZE}. */
  public ServiceBuilder volume(String volume, String path) {
    return volume(new Volume(volume, path, Volume.DEFAULT_SIZE, location));
  }

  public ServiceBuilder test(TestSpec spec) {
    test = spec;
    return this;
  }

  /** Runs pytest on {@code path}, relative to the script's directory. */
  public ServiceBuilder pytest(String path) {
    return test(new TestSpec(List.of(path), location));
  }

  public ServiceBuilder replicas(int count) {
    replicas = count;
    return this;
  }

  public ServiceBuilder autoscale(Autoscale scaling) {
    autoscale = scaling;
    return this;
  }

  public ServiceBuilder autoscale(int min, int max, int cpuPercent) {
    return autoscale(new Autoscale(min, max, cpuPercent, location));
  }

  public ServiceBuilder resources(Resources limits) {
    resources = limits;
    return this;
  }

  /** Limits {@code cpu} and {@code memory}; either may be null for no limit. */
  public ServiceBuilder resources(String cpu, String memory) {
    return resources(new Resources(Optional.ofNullable(cpu), Optional.ofNullable(memory), location));
  }

  /** A setting only some targets read, e.g. {@code targetOption("restart", "always")} for Compose. */
  public ServiceBuilder targetOption(String keyword, String value) {
    targetOptions.put(keyword, value);
    return this;
  }

  /**
   * Records that {@code keyword} was written at {@code where}, see {@link Service#origins()}; a
   * keyword written again moves to its latest line.
   */
  public ServiceBuilder origin(String keyword, SourceLocation where) {
    origins.put(keyword, where);
    return this;
  }

  public ServiceBuilder dockerfile(DockerfileBuild build) {
    dockerfile = build;
    return this;
  }

  /** The container's command, as words: no shell runs it. */
  public ServiceBuilder command(List<String> words) {
    command = List.copyOf(words);
    return this;
  }

  /** The container's entrypoint, as words. */
  public ServiceBuilder entrypoint(List<String> words) {
    entrypoint = List.copyOf(words);
    return this;
  }

  public ServiceBuilder stopSignal(String signal) {
    stopSignal = signal;
    return this;
  }

  public ServiceBuilder metrics(Metrics endpoint) {
    metrics = endpoint;
    return this;
  }

  public ServiceBuilder envFile(EnvFile file) {
    envFiles.add(file);
    return this;
  }

  public ServiceBuilder file(ProjectFile file) {
    files.add(file);
    return this;
  }

  public ServiceBuilder mount(BindMount mount) {
    mounts.add(mount);
    return this;
  }

  /** Joins network {@code network}; a network joined twice is kept twice, for validation to report. */
  public ServiceBuilder network(String network) {
    networks.add(network);
    return this;
  }

  public Service build() {
    return new Service(
        name, location, Optional.ofNullable(python), Optional.ofNullable(image), ports, Optional.ofNullable(health), env,
        secrets, dependsOn, volumes, Optional.ofNullable(test), replicas, Optional.ofNullable(autoscale),
        Optional.ofNullable(resources), targetOptions, origins, Optional.ofNullable(dockerfile), Optional.ofNullable(command),
        Optional.ofNullable(entrypoint), Optional.ofNullable(stopSignal), envFiles, files, mounts, networks,
        Optional.ofNullable(metrics));
  }
}
