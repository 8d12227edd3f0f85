package dev.slipway.compose.render;

import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Resources;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.yaml.BlockYaml;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders one environment as a Compose Specification file, {@value #FILE_NAME}. Every map is
 * insertion-ordered or sorted, so the same request gives the same bytes.
 *
 * <p>Secrets appear only as references (an environment variable name or a file path); their
 * values are never written, whether or not the request carries them.
 */
public final class ComposeRenderer {

  public static final String FILE_NAME = "compose.yaml";

  /** Where a service's container serves Prometheus metrics, for a scraper on the project's network that discovers targets by label. */
  public static final String METRICS_PATH_LABEL = "dev.slipway.metrics.path";

  public static final String METRICS_PORT_LABEL = "dev.slipway.metrics.port";

  static final String HEADER = "# Rendered by Slipway from the deploy script; edit the script, not this file.\n";

  private final String bindAddress;

  /** @param bindAddress the host address published ports listen on, e.g. {@code 127.0.0.1} */
  public ComposeRenderer(String bindAddress) {
    this.bindAddress = bindAddress;
  }

  public RenderedFile render(RenderRequest request) {
    return new RenderedFile(FILE_NAME, HEADER + BlockYaml.dumper().dump(document(request)));
  }

  private Map<String, Object> document(RenderRequest request) {
    ResolvedEnvironment environment = request.environment();
    Map<String, Object> services = new LinkedHashMap<>();
    Map<String, Object> volumes = new TreeMap<>();
    Map<String, Object> networks = new TreeMap<>();
    SecretNames secrets = new SecretNames();
    for (Service service : environment.services()) {
      services.put(service.name(), service(environment, service, request.imageOf(service.name()), secrets));
      service.volumes().forEach(v -> volumes.put(v.name(), new LinkedHashMap<>()));
      // Declared without a name, so Compose scopes each to the project (<project>-<env>_<network>) as it does volumes.
      service.networks().forEach(n -> networks.put(n, new LinkedHashMap<>()));
    }
    for (Service service : environment.services()) {
      if (FrontProxy.fronts(service)) {
        String name = FrontProxy.nameFor(service);
        if (services.containsKey(name)) {
          throw new IllegalArgumentException(FrontProxy.nameClash(service));
        }
        services.put(name, frontProxy(environment, service, request.imageOf(service.name())));
      }
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("name", environment.qualifiedName());
    document.put("services", services);
    if (!networks.isEmpty()) {
      document.put("networks", networks);
    }
    if (!volumes.isEmpty()) {
      document.put("volumes", volumes);
    }
    if (!secrets.definitions().isEmpty()) {
      document.put("secrets", secrets.definitions());
    }
    return document;
  }

  private Map<String, Object> service(ResolvedEnvironment environment, Service service, String image, SecretNames secretNames) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("image", image);
    // A Python service's start command is its image's own; validation keeps these to image and Dockerfile services.
    service.entrypoint().ifPresent(words -> out.put("entrypoint", escaped(words)));
    service.command().ifPresent(words -> out.put("command", escaped(words)));
    out.put("restart", ComposeServiceSettings.of(service).restart());
    service.stopSignal().ifPresent(signal -> out.put("stop_signal", signal));

    Map<String, Object> env = new LinkedHashMap<>();
    service.env().forEach((key, value) -> env.put(key, escapeInterpolation(value)));
    service.secrets().forEach(s -> env.put(s.fileVariable(), s.mountPath()));
    if (!env.isEmpty()) {
      out.put("environment", env);
    }

    // A fronted service's ports are published by its proxy; the containers stay reachable inside the network.
    List<Port> published = publishedPorts(service);
    if (!published.isEmpty() && !FrontProxy.fronts(service)) {
      out.put("ports", published.stream().map(p -> port(p, publishesGivenHostPorts(service))).toList());
    }
    List<Port> unpublished = service.ports().stream().filter(p -> !p.isPublished()).toList();
    if (!unpublished.isEmpty()) {
      // expose takes bare numbers: a name given to such a port has no Compose meaning (Kubernetes names its Service port with it).
      out.put("expose", unpublished.stream().map(p -> Integer.toString(p.container())).toList());
    }

    service.health().ifPresent(health -> out.put("healthcheck", healthcheck(service, health)));

    if (!service.dependsOn().isEmpty()) {
      Map<String, Object> dependsOn = new LinkedHashMap<>();
      for (Dependency dependency : service.dependsOn()) {
        dependsOn.put(dependency.service(), Map.of("condition", condition(environment, service, dependency)));
      }
      out.put("depends_on", dependsOn);
    }

    if (!service.networks().isEmpty()) {
      out.put("networks", service.networks());
    }

    List<Object> mounts = ComposeMounts.of(environment.project(), service);
    if (!mounts.isEmpty()) {
      out.put("volumes", mounts);
    }

    if (!service.secrets().isEmpty()) {
      List<Object> secrets = new ArrayList<>();
      for (SecretRef secret : service.secrets()) {
        String source = secretNames.sourceFor(service, secret);
        if (source.equals(secret.name())) {
          // The short syntax mounts it at /run/secrets/NAME: the path that NAME_FILE announces and
          // that every other target uses too.
          secrets.add(source);
        } else {
          Map<String, Object> mount = new LinkedHashMap<>();
          mount.put("source", source);
          mount.put("target", secret.mountPath());
          secrets.add(mount);
        }
      }
      out.put("secrets", secrets);
    }

    Map<String, Object> deploy = deploy(service);
    if (!deploy.isEmpty()) {
      out.put("deploy", deploy);
    }

    Map<String, String> own = new LinkedHashMap<>();
    own.put("dev.slipway.service", service.name());
    ComposeMounts.filesDigest(environment.project(), service).ifPresent(digest -> own.put(ComposeMounts.FILES_DIGEST_LABEL, digest));
    // The port is one of the service's (a rule), so it is already open on the project's networks; a scraper finds it by these labels.
    service.metrics().ifPresent(metrics -> {
      own.put(METRICS_PATH_LABEL, metrics.path());
      own.put(METRICS_PORT_LABEL, Integer.toString(metrics.port()));
    });
    out.put("labels", labels(environment, own));
    return out;
  }

  /**
   * The proxy keeps the image of the release that first created it: Slipway brings it up without
   * recreating it, so a new release of the service never interrupts the published port.
   */
  private Map<String, Object> frontProxy(ResolvedEnvironment environment, Service service, String image) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("image", image);
    out.put("restart", ComposeServiceSettings.of(service).restart());
    out.put("entrypoint", escaped(FrontProxy.entrypoint()));
    out.put("command", FrontProxy.arguments(service));
    out.put("ports", publishedPorts(service).stream().map(p -> port(p, true)).toList());
    if (!service.networks().isEmpty()) {
      out.put("networks", service.networks());
    }
    String condition = service.health().isPresent() ? "service_healthy" : "service_started";
    out.put("depends_on", Map.of(service.name(), Map.of("condition", condition)));
    Map<String, String> own = new LinkedHashMap<>();
    own.put("dev.slipway.front-proxy-of", service.name());
    own.put(FrontProxy.CONFIG_LABEL, FrontProxy.configKey(service, bindAddress));
    out.put("labels", labels(environment, own));
    return out;
  }

  /** The labels every container of the environment carries, then its own in the order given. */
  private static Map<String, Object> labels(ResolvedEnvironment environment, Map<String, String> own) {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("dev.slipway.project", environment.project().name());
    labels.put("dev.slipway.environment", environment.name());
    labels.putAll(own);
    return labels;
  }

  /**
   * Whether {@code service}'s ports are published on the host ports the script gives (by its front
   * proxy when it has one). Several replicas cannot all listen on one host port: without a proxy,
   * each replica's are left to the engine, which gives it free ones (see {@code docker compose
   * port}), instead of failing the deploy at the second container or silently dropping replicas.
   */
  public static boolean publishesGivenHostPorts(Service service) {
    return FrontProxy.fronts(service) || service.replicas() <= 1;
  }

  /** The ports of {@code service} that reach the host; the others only reach the environment's services. */
  public static List<Port> publishedPorts(Service service) {
    return service.ports().stream().filter(Port::isPublished).toList();
  }

  private Map<String, Object> port(Port port, boolean givenHostPort) {
    Map<String, Object> out = new LinkedHashMap<>();
    port.name().ifPresent(name -> out.put("name", name));
    out.put("target", port.container());
    if (givenHostPort) {
      out.put("published", Integer.toString(port.published()));
    }
    out.put("host_ip", bindAddress);
    out.put("protocol", "tcp");
    return out;
  }

  /**
   * The script's timing, which has Compose's meaning. The deploy's deadline is not here: Slipway
   * waits for it by probing itself (see {@code HealthWait}); these govern the engine's own checks.
   */
  private static Map<String, Object> healthcheck(Service service, HealthCheck health) {
    HealthCheck.Timing timing = health.timing();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("test", escaped(HealthcheckCommands.test(service, health)));
    out.put("interval", duration(timing.interval()));
    out.put("timeout", HealthcheckCommands.timeoutSeconds(health) + "s");
    out.put("retries", timing.retries());
    if (!timing.startPeriod().isZero()) {
      out.put("start_period", duration(timing.startPeriod()));
    }
    return out;
  }

  /** {@code 10s}, or {@code 1500ms} when not whole seconds: Compose's duration format. */
  static String duration(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }

  private static String condition(ResolvedEnvironment environment, Service service, Dependency dependency) {
    Service target =
        environment.services().stream()
            .filter(s -> s.name().equals(dependency.service()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                "service '" + service.name() + "' depends on '" + dependency.service() + "', which environment '"
                    + environment.name() + "' does not have"));
    // Waiting for "healthy" on a service without a health check would block forever.
    return target.health().isPresent() ? "service_healthy" : "service_started";
  }

  private static Map<String, Object> deploy(Service service) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (service.replicas() != 1) {
      out.put("replicas", service.replicas());
    }
    // Autoscale is deliberately not rendered: Compose has no autoscaler, and guessing a fixed
    // count from min/max would pretend to a behaviour the host does not have. `replicas` stands.
    Map<String, Object> limits = limits(service.resources());
    if (!limits.isEmpty()) {
      out.put("resources", Map.of("limits", limits));
    }
    return out;
  }

  private static Map<String, Object> limits(Optional<Resources> resources) {
    Map<String, Object> out = new LinkedHashMap<>();
    resources.ifPresent(r -> {
      r.cpu().ifPresent(cpu -> out.put("cpus", ComposeQuantities.cpus(cpu)));
      r.memory().ifPresent(memory -> out.put("memory", ComposeQuantities.memory(memory)));
    });
    return out;
  }

  /** Compose substitutes {@code ${VAR}} from the host's environment; values from the script are literal. */
  static String escapeInterpolation(String text) {
    return text.replace("$", "$$");
  }

  private static List<String> escaped(List<String> words) {
    return words.stream().map(ComposeRenderer::escapeInterpolation).toList();
  }

  /**
   * Compose secret names for the script's secrets, and the top-level definitions they refer to.
   * Services that declare the same secret from the same source share one definition, named as the
   * script names the secret ({@code db-password}, {@code DB_PASSWORD}), which Compose's keys allow.
   */
  private static final class SecretNames {

    private final Map<String, Object> definitions = new TreeMap<>();

    String sourceFor(Service service, SecretRef secret) {
      Map<String, Object> definition = definition(secret);
      String name = secret.name();
      // Two services may use one NAME for different sources; the later one gets its own entry
      // rather than silently reading the other's value.
      if (definitions.containsKey(name) && !definitions.get(name).equals(definition)) {
        name = service.name() + "-" + secret.name();
      }
      for (int n = 2; definitions.containsKey(name) && !definitions.get(name).equals(definition); n++) {
        name = service.name() + "-" + secret.name() + "-" + n;
      }
      definitions.put(name, definition);
      return name;
    }

    Map<String, Object> definitions() {
      return definitions;
    }

    private static Map<String, Object> definition(SecretRef secret) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (secret.fromEnv().isPresent()) {
        out.put("environment", secret.fromEnv().get());
      } else {
        // Written as in the script, relative paths included: Compose resolves them against the
        // project directory, which the Compose CLI is pointed at (--project-directory = the
        // script's directory). Making them absolute here would tie the rendered file to one
        // checkout on one machine and break byte-identical renders across machines.
        out.put("file", escapeInterpolation(secret.fromFile().orElseThrow()));
      }
      return out;
    }
  }
}
