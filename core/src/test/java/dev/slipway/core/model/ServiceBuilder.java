package dev.slipway.core.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds model objects for tests without the DSL. Shared with adapter tests via the test-jar. */
public final class ServiceBuilder {

  public static final SourceLocation HERE = SourceLocation.at("deploy.groovy", 1);

  private final String name;
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
  private String restart = Service.DEFAULT_RESTART;
  private boolean rolling;

  private ServiceBuilder(String name) {
    this.name = name;
  }

  public static ServiceBuilder service(String name) {
    return new ServiceBuilder(name);
  }

  public ServiceBuilder python(String source, String command) {
    python = new PythonBuild("3.12", Optional.empty(), source, Optional.empty(), Optional.ofNullable(command), HERE);
    return this;
  }

  public ServiceBuilder image(String reference) {
    image = reference;
    return this;
  }

  public ServiceBuilder port(int port) {
    ports.add(new Port(port, port, HERE));
    return this;
  }

  public ServiceBuilder health(HealthCheck check) {
    health = check;
    return this;
  }

  public ServiceBuilder env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public ServiceBuilder secretFromEnv(String secret, String variable) {
    secrets.add(new SecretRef(secret, Optional.of(variable), Optional.empty(), HERE));
    return this;
  }

  public ServiceBuilder dependsOn(String service) {
    dependsOn.add(new Dependency(service, HERE));
    return this;
  }

  public ServiceBuilder volume(String volume, String path) {
    volumes.add(new Volume(volume, path, Volume.DEFAULT_SIZE, HERE));
    return this;
  }

  public ServiceBuilder pytest(String path) {
    test = new TestSpec(List.of(path), HERE);
    return this;
  }

  public ServiceBuilder restart(String policy) {
    restart = policy;
    return this;
  }

  public ServiceBuilder rolling(boolean enabled) {
    rolling = enabled;
    return this;
  }

  public ServiceBuilder replicas(int count) {
    replicas = count;
    return this;
  }

  public ServiceBuilder autoscale(int min, int max, int cpu) {
    autoscale = new Autoscale(min, max, cpu, HERE);
    return this;
  }

  public ServiceBuilder resources(String cpu, String memory) {
    resources = new Resources(Optional.ofNullable(cpu), Optional.ofNullable(memory), HERE);
    return this;
  }

  public Service build() {
    return new Service(
        name, HERE, Optional.ofNullable(python), Optional.ofNullable(image), ports, Optional.ofNullable(health), env,
        secrets, dependsOn, volumes, Optional.ofNullable(test), replicas, Optional.ofNullable(autoscale),
        Optional.ofNullable(resources), restart, rolling, Map.of());
  }

  /** A project with one environment {@code env} on {@code target}, no overrides. */
  public static Project project(String name, Path baseDir, TargetSpec target, Service... services) {
    Environment environment = new Environment("env", Optional.empty(), Optional.of(target), List.of(), HERE);
    return new Project(name, Optional.of("localhost:5000/" + name), List.of(services), List.of(environment), Pipeline.DEFAULT, baseDir, HERE, HERE);
  }
}
