package dev.slipway.dsl.internal;

import dev.slipway.core.model.Autoscale;
import dev.slipway.core.model.BindMount;
import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.EnvFile;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Metrics;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.Resources;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServiceBuilder;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.ShellWords;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.Volume;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.dsl.spec.ServiceSpec;
import groovy.lang.Closure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
  /** Where the container's command was given, once it is. */
  private SourceLocation command;

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
    context.onlyOptions(options, "port", List.of("publish", "name"));
    Object publish = options.get("publish");
    int published;
    if (publish == null || Boolean.TRUE.equals(publish)) {
      published = port;
    } else if (Boolean.FALSE.equals(publish)) {
      published = Port.NOT_PUBLISHED;
    } else if (publish instanceof Integer number) {
      if (number == Port.NOT_PUBLISHED) {
        throw context.error(block + ": port " + port + ", publish: 0 is not a host port: write publish: false (or expose " + port + ") to keep it off the host");
      }
      published = number;
    } else {
      throw context.error(
          block + ": port " + port + ", publish: must be a host port (publish: 18080), true (the same number) or false (not on the host, as expose)");
    }
    addPort(port, published, portName(options, "port"));
  }

  @Override
  public void expose(int port) {
    addPort(port, Port.NOT_PUBLISHED, Optional.empty());
  }

  @Override
  public void expose(Map<String, ?> options, int port) {
    context.onlyOptions(options, "expose", List.of("name"));
    addPort(port, Port.NOT_PUBLISHED, portName(options, "expose"));
  }

  private Optional<String> portName(Map<String, ?> options, String keyword) {
    return Optional.ofNullable(context.stringOption(options, "name", keyword))
        .map(portName -> context.nonEmpty(portName, block + ": " + keyword + " name", "name the port, e.g. name: 'http'"));
  }

  private void addPort(int container, int published) {
    addPort(container, published, Optional.empty());
  }

  private void addPort(int container, int published, Optional<String> portName) {
    service.port(new Port(container, published, portName, context.here()));
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
    context.onlyOptions(options, "health", List.of("interval", "timeout", "retries", "startPeriod", "deadline"));
    HealthCheck.Timing defaults = HealthCheck.Timing.DEFAULT;
    HealthCheck.Timing timing =
        new HealthCheck.Timing(
            seconds(options, "interval", defaults.interval()),
            seconds(options, "timeout", defaults.timeout()),
            Optional.ofNullable(context.intOption(options, "retries", "health")).orElse(defaults.retries()),
            seconds(options, "startPeriod", defaults.startPeriod()));
    health(check.with(timing, seconds(options, "deadline", HealthCheck.DEFAULT_DEADLINE)));
  }

  private Duration seconds(Map<String, ?> options, String key, Duration otherwise) {
    Integer seconds = context.intOption(options, key, "health");
    return seconds == null ? otherwise : Duration.ofSeconds(seconds);
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
   * Groovy sends {@code command 'x'} written in a service block to the health-check factory; one
   * that no {@code health} took is the container's command. Whether the service may have one
   * (not a Python service, whose start command belongs to its build) is a service rule.
   */
  private void takeBareCommands() {
    for (BareCommand bare : bareCommands) {
      if (command != null) {
        // Bare commands are only known at the block's end: blame whichever of the two came later.
        boolean bareFirst = bare.location().line() < command.line();
        SourceLocation second = bareFirst ? command : bare.location();
        int first = bareFirst ? bare.location().line() : command.line();
        throw new InvalidInputException(second, block + ": command is given twice (first at line " + first + "): keep one");
      }
      List<String> words =
          ShellWords.split(bare.check().command())
              .orElseThrow(
                  () -> new InvalidInputException(
                      bare.location(), block + ": command '" + bare.check().command() + "' leaves a quote open: close it, or write command(['word', ...])"));
      setCommand(words, bare.location());
    }
    bareCommands.clear();
  }

  @Override
  public void command(List<String> words) {
    if (command != null) {
      throw context.error(block + ": command is given twice (first at line " + command.line() + "): keep one");
    }
    setCommand(List.copyOf(words), context.here());
  }

  private void setCommand(List<String> words, SourceLocation where) {
    if (words.isEmpty() || words.stream().anyMatch(word -> word == null)) {
      throw new InvalidInputException(where, block + ": command needs at least one word, e.g. command 'mongod --bind_ip_all'");
    }
    command = where;
    service.command(words);
    service.origin("command", where);
  }

  @Override
  public void entrypoint(String entrypoint) {
    entrypoint(
        ShellWords.split(entrypoint)
            .orElseThrow(() -> context.error(block + ": entrypoint '" + entrypoint + "' leaves a quote open: close it, or write entrypoint(['word', ...])")));
  }

  @Override
  public void entrypoint(List<String> words) {
    singleValues.given("entrypoint");
    if (words.isEmpty()) {
      throw context.error(block + ": entrypoint needs at least one word, e.g. entrypoint 'docker-entrypoint.sh'");
    }
    service.entrypoint(words);
    record("entrypoint");
  }

  @Override
  public void stopSignal(String signal) {
    notInOverride("stopSignal");
    singleValues.given("stopSignal");
    service.stopSignal(context.nonEmpty(signal, block + ": stopSignal", "name the signal, e.g. stopSignal 'SIGINT'"));
    record("stopSignal");
  }

  @Override
  public void metrics(String path) {
    metrics(Map.of(), path);
  }

  @Override
  public void metrics(Map<String, ?> options, String path) {
    notInOverride("metrics");
    singleValues.given("metrics");
    context.onlyOptions(options, "metrics", List.of("port"));
    Integer port = context.intOption(options, "port", "metrics");
    context.nonEmpty(path, block + ": metrics", "name the path, e.g. metrics '/metrics'");
    service.metrics(new Metrics(path, port == null ? Metrics.FIRST_PORT : port, context.here()));
    record("metrics");
  }

  @Override
  public void envFile(String path) {
    service.envFile(new EnvFile(context.nonEmpty(path, block + ": envFile", "name the file, e.g. envFile '.env'"), context.here()));
    record("envFile");
  }

  @Override
  public void file(String source, String target) {
    notInOverride("file");
    context.nonEmpty(source, block + ": file", "name the project file, e.g. file 'nginx/nginx.conf', '/etc/nginx/nginx.conf'");
    context.nonEmpty(target, block + ": file target", "name the path in the container, e.g. file 'nginx/nginx.conf', '/etc/nginx/nginx.conf'");
    service.file(new ProjectFile(source, target, context.here()));
    record("file");
  }

  @Override
  public void mount(String source, String target) {
    mount(Map.of(), source, target);
  }

  @Override
  public void mount(Map<String, ?> options, String source, String target) {
    context.onlyOptions(options, "mount", List.of("readOnly"));
    Object readOnly = options.get("readOnly");
    if (readOnly != null && !(readOnly instanceof Boolean)) {
      throw context.error(block + ": mount readOnly: must be true or false");
    }
    context.nonEmpty(source, block + ": mount", "name the host path, e.g. mount '.', '/code'");
    context.nonEmpty(target, block + ": mount target", "name the path in the container, e.g. mount '.', '/code'");
    service.mount(new BindMount(source, target, Boolean.TRUE.equals(readOnly), context.here()));
    record("mount");
  }

  @Override
  public void network(String... networks) {
    notInOverride("network");
    if (networks.length == 0) {
      throw context.error(block + ": network needs a name, e.g. network 'backend'");
    }
    for (String network : networks) {
      service.network(context.nonEmpty(network, block + ": network name", "name it, e.g. network 'backend'"));
    }
    record("network");
  }

  @Override
  public void dockerfile(String dockerfile) {
    dockerfile(Map.of(), dockerfile);
  }

  @Override
  public void dockerfile(Map<String, ?> options, String dockerfile) {
    notInOverride("dockerfile");
    singleValues.given("dockerfile");
    context.onlyOptions(options, "dockerfile", List.of("context", "target", "args"));
    context.nonEmpty(dockerfile, block + ": dockerfile", "name the Dockerfile, e.g. dockerfile 'proxy/Dockerfile'");
    String buildContext = context.stringOption(options, "context", "dockerfile");
    String target = context.stringOption(options, "target", "dockerfile");
    Object args = options.get("args");
    Map<String, String> buildArgs = new LinkedHashMap<>();
    if (args instanceof Map<?, ?> map) {
      map.forEach((key, value) -> {
        if (value == null) {
          throw context.error(block + ": dockerfile args: '" + key + "' has no value");
        }
        buildArgs.put(String.valueOf(key), value.toString());
      });
    } else if (args != null) {
      throw context.error(block + ": dockerfile args: must be a map, e.g. args: [NGINX_VERSION: '1.27']");
    }
    service.dockerfile(
        new DockerfileBuild(
            dockerfile, buildContext == null ? DockerfileBuild.defaultContext(dockerfile) : buildContext, buildArgs,
            Optional.ofNullable(target), context.here()));
    record("dockerfile");
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
    takeBareCommands();
    return service.build();
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
        written.origins(),
        written.command(),
        written.entrypoint(),
        written.envFiles(),
        written.mounts());
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
