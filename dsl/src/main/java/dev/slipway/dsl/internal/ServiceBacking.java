package dev.slipway.dsl.internal;

import dev.slipway.core.model.Autoscale;
import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Resources;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServiceBuilder;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.Volume;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.dsl.spec.ServiceSpec;
import groovy.lang.Closure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records a {@code service('name') { ... }} block: a whole service at the top level, or an
 * environment's override of one ({@link #forOverride}).
 */
public final class ServiceBacking implements ServiceSpec {

  private final ScriptContext context;
  private final String name;
  private final SourceLocation location;
  private final String block;
  private final String overridingEnvironment;
  private final ServiceBuilder service;
  private final SingleValues singleValues;
  private final List<BareCommand> bareCommands = new ArrayList<>();

  /** A {@code command('...')} health check no {@code health} took (yet), and where it was made. */
  private record BareCommand(HealthCheck.Command check, SourceLocation location) {}

  private ServiceBacking(ScriptContext context, String name, SourceLocation location, String overridingEnvironment) {
    this.context = context;
    this.name = name;
    this.location = location;
    this.overridingEnvironment = overridingEnvironment;
    this.service = ServiceBuilder.service(name, location);
    this.block =
        overridingEnvironment == null
            ? "service '" + name + "'"
            : "service '" + name + "' of environment '" + overridingEnvironment + "'";
    this.singleValues = new SingleValues(context, block);
  }

  static ServiceBacking forService(ScriptContext context, String name, SourceLocation location) {
    return new ServiceBacking(context, name, location, null);
  }

  static ServiceBacking forOverride(ScriptContext context, String name, SourceLocation location, String environment) {
    return new ServiceBacking(context, name, location, environment);
  }

  private void record(String keyword) {
    service.origin(keyword, context.here());
  }

  /** Build-time settings describe the service itself; only how it runs may differ per environment. */
  private void notInOverride(String keyword) {
    if (overridingEnvironment != null) {
      throw context.error(
          "'" + keyword + "' cannot change per environment (in " + block + "): set it in the top-level service('" + name + "') block");
    }
  }

  @Override
  public void python(Closure<?> body) {
    notInOverride("python");
    singleValues.given("python");
    PythonBacking backing = new PythonBacking(context, name, context.here());
    ScriptContext.configure(body, backing);
    service.python(backing.build());
    record("python");
  }

  @Override
  public void image(String reference) {
    singleValues.given("image");
    service.image(reference);
    record("image");
  }

  @Override
  public void port(int port) {
    addPort(port, port);
  }

  @Override
  public void port(Map<String, ?> options, int port) {
    context.onlyOptions(options, "port", List.of("publish"));
    Integer published = context.intOption(options, "publish", "port");
    addPort(port, published == null ? port : published);
  }

  private void addPort(int container, int published) {
    service.port(new Port(container, published, context.here()));
    record("port");
  }

  @Override
  public void health(HealthCheck check) {
    singleValues.given("health");
    taken(check);
    service.health(check);
    record("health");
  }

  @Override
  public void health(Map<String, ?> options, HealthCheck check) {
    taken(check);
    context.onlyOptions(options, "health", List.of("timeout"));
    Integer timeout = context.intOption(options, "timeout", "health");
    Duration deadline = timeout == null ? HealthCheck.DEFAULT_DEADLINE : Duration.ofSeconds(timeout);
    if (check instanceof HealthCheck.Http http) {
      health(new HealthCheck.Http(http.path(), http.port(), deadline));
    } else if (check instanceof HealthCheck.Tcp tcp) {
      health(new HealthCheck.Tcp(tcp.port(), deadline));
    } else {
      health(new HealthCheck.Command(((HealthCheck.Command) check).command(), deadline));
    }
  }

  @Override
  public HealthCheck http(String path) {
    return new HealthCheck.Http(path, 0, HealthCheck.DEFAULT_DEADLINE);
  }

  @Override
  public HealthCheck http(String path, int port) {
    return new HealthCheck.Http(path, port, HealthCheck.DEFAULT_DEADLINE);
  }

  @Override
  public HealthCheck tcp(int port) {
    return new HealthCheck.Tcp(port, HealthCheck.DEFAULT_DEADLINE);
  }

  @Override
  public HealthCheck command(String command) {
    HealthCheck.Command check = new HealthCheck.Command(command, HealthCheck.DEFAULT_DEADLINE);
    bareCommands.add(new BareCommand(check, context.here()));
    return check;
  }

  private void taken(HealthCheck check) {
    // By identity: two equal checks written on two lines are two calls, and only one may be bare.
    bareCommands.removeIf(bare -> bare.check() == check);
  }

  /**
   * Groovy sends {@code command 'x'} written in a service block to the health-check factory, which
   * would build a check nobody uses and lose the line silently; say what the user meant instead.
   */
  private void rejectBareCommands(Service declared) {
    if (bareCommands.isEmpty()) {
      return;
    }
    BareCommand bare = bareCommands.get(0);
    String written = "command '" + bare.check().command() + "'";
    String healthCheck = "a health check is written health command('" + bare.check().command() + "')";
    String message;
    if (overridingEnvironment != null) {
      message = written + " would change the service's command, which cannot change per environment; " + healthCheck;
    } else if (declared.python().isPresent()) {
      message =
          written + " is the start command only inside python { }: write python { source '" + declared.python().get().source()
              + "'; " + written + " }; a health check is written health command('...')";
    } else if (declared.image().isPresent()) {
      message =
          written + " would set an image service's own command, which is not supported yet (it will come later); " + healthCheck;
    } else {
      message =
          written + " does nothing here: a Python service's start command goes inside python { source '...'; " + written
              + " }; " + healthCheck;
    }
    throw new InvalidInputException(bare.location(), block + ": " + message);
  }

  @Override
  public void env(Map<String, ?> variables) {
    variables.forEach(this::env);
  }

  @Override
  public void env(String key, Object value) {
    if (value == null) {
      throw context.error(block + ": env '" + key + "' has no value");
    }
    service.env(key, value.toString());
    record("env");
    record(Service.envKeyword(key));
  }

  @Override
  public void secret(Map<String, ?> source, String secretName) {
    context.onlyOptions(source, "secret", List.of("fromEnv", "fromFile"));
    String secret = block + ": secret '" + secretName + "'";
    Optional<String> fromEnv =
        Optional.ofNullable(context.stringOption(source, "fromEnv", "secret"))
            .map(variable -> context.nonEmpty(variable, secret + ": fromEnv", "name the variable that holds it, e.g. fromEnv: 'SHOP_DB_PASSWORD'"));
    Optional<String> fromFile =
        Optional.ofNullable(context.stringOption(source, "fromFile", "secret"))
            .map(file -> context.nonEmpty(file, secret + ": fromFile", "name the file that holds it, e.g. fromFile: 'secrets/db.txt'"));
    service.secret(new SecretRef(secretName, fromEnv, fromFile, context.here()));
  }

  /** {@code secret 'NAME'} alone: its source is the one thing a secret must say. */
  public void secret(String secretName) {
    throw context.error(
        block + ": secret '" + secretName + "' needs a source: secret '" + secretName + "', fromEnv: 'VAR' or fromFile: 'path'");
  }

  @Override
  public void dependsOn(String... services) {
    notInOverride("dependsOn");
    if (services.length == 0) {
      throw context.error(block + ": dependsOn needs a service name, e.g. dependsOn 'db'");
    }
    SourceLocation here = context.here();
    for (String dependency : services) {
      context.nonEmpty(dependency, block + ": dependsOn name", "name the service to start after, e.g. dependsOn 'db'");
      service.dependsOn(new Dependency(dependency, here));
    }
  }

  @Override
  public void volume(String volumeName, String path) {
    volume(Map.of(), volumeName, path);
  }

  @Override
  public void volume(Map<String, ?> options, String volumeName, String path) {
    notInOverride("volume");
    context.nonEmpty(volumeName, block + ": volume name", "name it, e.g. volume 'pgdata', '/var/lib/postgresql/data'");
    context.onlyOptions(options, "volume", List.of("size"));
    String size = context.stringOption(options, "size", "volume");
    service.volume(new Volume(volumeName, path, size == null ? Volume.DEFAULT_SIZE : size, context.here()));
  }

  @Override
  public void test(Closure<?> body) {
    notInOverride("test");
    singleValues.given("test");
    TestBacking backing = new TestBacking(context, name, context.here());
    ScriptContext.configure(body, backing);
    service.test(backing.build());
  }

  @Override
  public void replicas(int count) {
    singleValues.given("replicas");
    service.replicas(count);
    record("replicas");
  }

  @Override
  public void autoscale(Map<String, ?> options) {
    singleValues.given("autoscale");
    context.onlyOptions(options, "autoscale", List.of("min", "max", "cpu"));
    Integer min = context.intOption(options, "min", "autoscale");
    Integer max = context.intOption(options, "max", "autoscale");
    Integer cpu = context.intOption(options, "cpu", "autoscale");
    if (min == null || max == null) {
      throw context.error(block + ": autoscale needs min and max, e.g. autoscale min: 2, max: 10, cpu: 70");
    }
    service.autoscale(new Autoscale(min, max, cpu == null ? 80 : cpu, context.here()));
  }

  @Override
  public void resources(Map<String, ?> options) {
    singleValues.given("resources");
    context.onlyOptions(options, "resources", List.of("cpu", "memory"));
    String cpu = context.stringOption(options, "cpu", "resources");
    String memory = context.stringOption(options, "memory", "resources");
    if (cpu == null && memory == null) {
      throw context.error(block + ": resources needs cpu and/or memory, e.g. resources cpu: '500m', memory: '512Mi'");
    }
    service.resources(new Resources(Optional.ofNullable(cpu), Optional.ofNullable(memory), context.here()));
  }

  @Override
  public void restart(String policy) {
    singleValues.given("restart");
    service.targetOption("restart", policy);
    record("restart");
  }

  @Override
  public void rolling(boolean enabled) {
    singleValues.given("rolling");
    service.targetOption("rolling", String.valueOf(enabled));
    record("rolling");
  }

  Service toService() {
    Service declared = service.build();
    rejectBareCommands(declared);
    return declared;
  }

  /**
   * What this block changes when it is an environment's override: the settings it wrote. Those a
   * service always has (ports, replicas) count as written when their keyword has an origin, so that e.g. {@code replicas 1} still overrides a service's {@code replicas 3}.
   */
  ServicePatch toPatch() {
    Service written = toService();
    return new ServicePatch(
        name,
        location,
        written.image(),
        ifWritten(written, "port", written.ports()),
        written.health(),
        written.env(),
        written.secrets(),
        ifWritten(written, "replicas", written.replicas()),
        written.autoscale(),
        written.resources(),
        written.targetOptions(),
        written.origins());
  }

  private static <T> Optional<T> ifWritten(Service written, String keyword, T value) {
    return written.origins().containsKey(keyword) ? Optional.of(value) : Optional.empty();
  }

  public Object methodMissing(String method, Object args) {
    return context.missingMethod(block, ServiceSpec.class, method, args);
  }

  public Object propertyMissing(String property) {
    return context.missingProperty(block, ServiceSpec.class, property);
  }
}
