package dev.slipway.cli.init;

import dev.slipway.core.validate.Names;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Compose file in Slipway's terms. What keeps its meaning is translated; what changes is
 * translated with a comment that says how; what has no place in a deploy script is listed as not
 * translated, in the script at the service it belongs to and for the terminal.
 */
final class ComposeTranslator {

  private static final Set<String> RESTART_POLICIES = Set.of("no", "always", "on-failure", "unless-stopped");
  private static final Pattern SECRET_LIKE = Pattern.compile("(?i)(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|KEY|APIKEY|CREDENTIALS?)(_|$)");
  private static final Pattern MEMORY = Pattern.compile("(?i)([0-9]+(?:\\.[0-9]+)?)\\s*([bkmg]?)b?");
  private static final Pattern CONFIG_FILE = Pattern.compile("(?i).*\\.(conf|cfg|cnf|ini|ya?ml|json|toml|xml|properties|config|env)$");
  // Slipway's health defaults (HealthCheck.Timing.DEFAULT and the deploy deadline), in seconds.
  private static final int DEFAULT_INTERVAL = 5;
  private static final int DEFAULT_TIMEOUT = 3;
  private static final int DEFAULT_RETRIES = 3;
  private static final int DEFAULT_DEADLINE = 120;
  private static final Set<String> MOUNT_MODES_IGNORED = Set.of("rw", "cached", "delegated", "consistent");

  private final ComposeFile compose;
  private final Path projectDir;
  private final Path composeDir;
  private final List<Draft.Untranslated> untranslated = new ArrayList<>();
  private final Map<String, YamlNode> secretDefinitions = new LinkedHashMap<>();
  private final Map<String, YamlNode> configDefinitions = new LinkedHashMap<>();
  private final Map<String, String> serviceNames = new LinkedHashMap<>();
  private final Set<String> oneOffs = new LinkedHashSet<>();
  private boolean publishesOnAllInterfaces;

  private ComposeTranslator(ComposeFile compose, Path projectDir) {
    this.compose = compose;
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.composeDir = compose.path().toAbsolutePath().normalize().getParent();
  }

  /**
   * @param projectDir where the script will be written; its paths are relative to it
   * @throws dev.slipway.core.problem.InvalidInputException at the line of a value the translation
   *     cannot read (a port that is not a number, a services: that is not a map)
   */
  static Draft translate(ComposeFile compose, Path projectDir) {
    return new ComposeTranslator(compose, projectDir).draft();
  }

  private Draft draft() {
    Map<String, YamlNode> top = compose.root().entries("the Compose file");
    YamlNode servicesNode = Optional.ofNullable(top.get("services"))
        .orElseThrow(() -> compose.root().error("has no services: nothing to translate"));
    Map<String, YamlNode> services = servicesNode.entries("services");
    List<String> notes = new ArrayList<>();
    String project = projectName(Optional.ofNullable(top.get("name")));
    for (Map.Entry<String, YamlNode> entry : top.entrySet()) {
      String key = entry.getKey();
      YamlNode value = entry.getValue();
      switch (key) {
        case "services", "name", "version" -> {}
        case "secrets" -> secretDefinitions.putAll(value.entries("secrets"));
        case "configs" -> configDefinitions.putAll(value.entries("configs"));
        case "volumes" -> value.entries("volumes").forEach((name, definition) -> definitionOptions("volumes", name, definition, Set.of("driver"), notes));
        case "networks" -> value.entries("networks").forEach((name, definition) -> definitionOptions("networks", name, definition, Set.of("driver"), notes));
        default -> notes.add(leftOut("", key, value));
      }
    }
    services.keySet().forEach(name -> serviceNames.put(name, serviceName(name)));
    for (Map.Entry<String, YamlNode> service : services.entrySet()) {
      service.getValue().get("depends_on", "service '" + service.getKey() + "'").ifPresent(dependsOn -> {
        if (dependsOn.isMap()) {
          dependsOn.entries("depends_on").forEach((name, options) -> {
            if (options.isMap() && options.get("condition", "depends_on").map(c -> c.text("condition")).orElse("").equals("service_completed_successfully")) {
              oneOffs.add(name);
            }
          });
        }
      });
    }
    List<ServiceTranslation> translations = new ArrayList<>();
    for (Map.Entry<String, YamlNode> service : services.entrySet()) {
      translations.add(new ServiceTranslation(service.getKey(), service.getValue()));
    }
    Set<String> checked = new LinkedHashSet<>();
    translations.stream().filter(t -> t.health.isPresent()).forEach(t -> checked.add(t.composeName));
    List<Draft.Service> drafted = translations.stream().map(t -> t.finish(checked)).toList();
    return new Draft(project, compose.displayName(), notes, drafted, publishesOnAllInterfaces, untranslated);
  }

  private String projectName(Optional<YamlNode> name) {
    String given = name.map(n -> n.text("name")).orElseGet(() -> projectDir.getFileName() == null ? "" : projectDir.getFileName().toString());
    String label = Names.toDnsLabel(given);
    return label.isEmpty() ? "app" : label;
  }

  /** A top-level volume or network: its options beyond the plain default have no keyword. */
  private void definitionOptions(String section, String name, YamlNode definition, Set<String> plain, List<String> notes) {
    for (Map.Entry<String, YamlNode> option : definition.entries(section + "." + name).entrySet()) {
      boolean defaultDriver = option.getKey().equals("driver") && Set.of("local", "bridge").contains(option.getValue().text("driver"));
      if (!(plain.contains(option.getKey()) && defaultDriver)) {
        notes.add(leftOut("", section + "." + name + "." + option.getKey(), option.getValue()));
      }
    }
  }

  private String serviceName(String composeName) {
    String label = Names.toDnsLabel(composeName);
    return label.isEmpty() ? "service" : label;
  }

  private String leftOut(String service, String key, YamlNode value) {
    Draft.Untranslated item = new Draft.Untranslated(service, key, value.summary(), value.location().toString());
    untranslated.add(item);
    return item.comment();
  }

  /** A path of the user's files as the script writes it: relative to the script's directory. */
  private String projectPath(Path absolute) {
    Path normalized = absolute.toAbsolutePath().normalize();
    String relative = projectDir.relativize(normalized).toString().replace('\\', '/');
    return relative.isEmpty() ? "." : relative;
  }

  private Path fromCompose(String path) {
    if (path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(path.substring(2));
    }
    return composeDir.resolve(path).normalize();
  }

  private boolean insideProject(Path path) {
    return path.toAbsolutePath().normalize().startsWith(projectDir);
  }

  /** One service's keys, translated in the order the DSL lists them. */
  private final class ServiceTranslation {

    final String composeName;
    final String name;
    final YamlNode node;
    final Map<String, YamlNode> keys;
    final List<String> notes = new ArrayList<>();
    final List<String> left = new ArrayList<>();
    Draft.Build build;
    Optional<Dockerfile> pythonDockerfile = Optional.empty();
    Optional<Draft.Words> command = Optional.empty();
    Optional<Draft.Words> entrypoint = Optional.empty();
    final List<Draft.Port> ports = new ArrayList<>();
    final List<Draft.Env> env = new ArrayList<>();
    final List<String> envFiles = new ArrayList<>();
    final List<Draft.Secret> secrets = new ArrayList<>();
    final List<Draft.Volume> volumes = new ArrayList<>();
    final List<Draft.ProjectFile> files = new ArrayList<>();
    final List<String> networks = new ArrayList<>();
    Optional<Draft.Health> health = Optional.empty();
    final Map<String, String> dependencies = new LinkedHashMap<>();
    final Map<String, String> dependencyNotes = new LinkedHashMap<>();
    Optional<String> stopSignal = Optional.empty();
    Optional<String> restart = Optional.empty();
    OptionalInt replicas = OptionalInt.empty();
    Optional<String> cpu = Optional.empty();
    Optional<String> memory = Optional.empty();
    final List<Draft.Mount> devMounts = new ArrayList<>();

    ServiceTranslation(String composeName, YamlNode node) {
      this.composeName = composeName;
      this.name = serviceNames.get(composeName);
      this.node = node;
      this.keys = node.entries("service '" + composeName + "'");
      if (!name.equals(composeName)) {
        notes.add("named '" + composeName + "' in " + compose.displayName() + ", which is not a DNS label: other services now reach it as '" + name + "'");
      }
      build = build();
      for (Map.Entry<String, YamlNode> entry : keys.entrySet()) {
        translate(entry.getKey(), entry.getValue());
      }
      if (health.isEmpty()) {
        pythonDockerfile.flatMap(Dockerfile::healthcheck).ifPresent(check -> health = healthFromDockerfile(check));
      }
      if (oneOffs.contains(composeName)) {
        notes.add("others waited for this service to finish (service_completed_successfully): Slipway runs a one-off job as a"
            + " pipeline stage, e.g. pipeline { stage('migrate') { run service: '...', command: '...' } }, not as a service");
        if (restart.isEmpty()) {
          restart = Optional.of("no");
        }
      }
    }

    private void translate(String key, YamlNode value) {
      switch (key) {
        case "image", "build" -> {}
        case "command" -> command(value);
        case "entrypoint" -> entrypoint(value);
        case "ports" -> value.items("ports").forEach(this::port);
        case "expose" -> value.items("expose").forEach(this::expose);
        case "environment" -> environment(value);
        case "env_file" -> envFile(value);
        case "secrets" -> value.items("secrets").forEach(this::secret);
        case "configs" -> value.items("configs").forEach(this::config);
        case "volumes" -> value.items("volumes").forEach(this::volume);
        case "networks" -> networks(value);
        case "depends_on" -> dependsOn(value);
        case "links" -> links(value);
        case "healthcheck" -> healthcheck(value);
        case "stop_signal" -> stopSignal = Optional.of(value.text("stop_signal"));
        case "restart" -> restart(value);
        case "deploy" -> deploy(value);
        case "scale" -> replicas = OptionalInt.of(integer(value, "scale"));
        default -> left.add(leftOut(name, key, value));
      }
    }

    Draft.Service finish(Set<String> checked) {
      List<Draft.Dependency> dependsOn = new ArrayList<>();
      dependencies.forEach((dependency, condition) -> {
        String comment = dependencyNotes.getOrDefault(dependency, "");
        if (condition.equals("service_started") && checked.contains(dependency)) {
          comment = "Slipway waits for '" + serviceNames.getOrDefault(dependency, dependency) + "' to pass its health check; "
              + compose.displayName() + " only waited for it to start";
        }
        dependsOn.add(new Draft.Dependency(serviceNames.getOrDefault(dependency, dependency), comment));
      });
      return new Draft.Service(name, notes, build, command, entrypoint, ports, env, envFiles, secrets, volumes, files, networks, health, dependsOn,
          stopSignal, restart, replicas, cpu, memory, devMounts, left);
    }

    // --- build

    private Draft.Build build() {
      Optional<YamlNode> image = Optional.ofNullable(keys.get("image"));
      Optional<YamlNode> buildNode = Optional.ofNullable(keys.get("build"));
      if (buildNode.isEmpty()) {
        YamlNode reference = image.orElseThrow(() -> node.error("service '" + composeName + "' has neither image: nor build:"));
        return new Draft.Image(configValue(reference, "image"), "");
      }
      String context = ".";
      String dockerfileName = "Dockerfile";
      Map<String, ConfigValue> args = new LinkedHashMap<>();
      Optional<String> target = Optional.empty();
      YamlNode buildValue = buildNode.get();
      if (buildValue.isScalar()) {
        context = buildValue.text("build");
      } else {
        for (Map.Entry<String, YamlNode> option : buildValue.entries("build").entrySet()) {
          YamlNode v = option.getValue();
          switch (option.getKey()) {
            case "context" -> context = v.text("build.context");
            case "dockerfile" -> dockerfileName = v.text("build.dockerfile");
            case "target" -> target = Optional.of(v.text("build.target"));
            case "args" -> keyValues(v, "build.args").forEach((k, arg) -> args.put(k, arg.map(a -> configValue(v, a, "build.args." + k)).orElse(ConfigValue.literal(""))));
            default -> left.add(leftOut(name, "build." + option.getKey(), v));
          }
        }
      }
      if (context.contains("://") || context.startsWith("git@")) {
        left.add(leftOut(name, "build.context", buildNode.get()));
        return image.<Draft.Build>map(i -> new Draft.Image(configValue(i, "image"), "built from a remote context in " + compose.displayName() + "; this runs the image it named"))
            .orElseGet(() -> new Draft.Image(ConfigValue.literal(name), "built from a remote context in " + compose.displayName() + ": name the image it makes here"));
      }
      image.ifPresent(i -> notes.add(compose.displayName() + " named the built image '" + i.text("image") + "'; Slipway names it after the project's registry and the service"));
      Path contextDir = fromCompose(context);
      Path dockerfilePath = contextDir.resolve(dockerfileName).normalize();
      Optional<Dockerfile> dockerfile = Dockerfile.read(dockerfilePath);
      if (dockerfile.isPresent() && PythonBuilds.isPython(contextDir, dockerfile.get())) {
        if (args.isEmpty() && target.isEmpty()) {
          pythonDockerfile = dockerfile;
          return python(contextDir, projectPath(dockerfilePath), dockerfile.get());
        }
        notes.add("a Python app kept as a Dockerfile build: a python { } block has no build args or target");
      }
      String dockerfileDir = projectPath(dockerfilePath.getParent());
      String contextPath = projectPath(contextDir);
      return new Draft.DockerfileBuild(
          projectPath(dockerfilePath), contextPath.equals(dockerfileDir) ? Optional.empty() : Optional.of(contextPath), args, target,
          dockerfile.isPresent() ? "" : "no Dockerfile at " + projectPath(dockerfilePath) + " when this was written");
    }

    private Draft.Python python(Path contextDir, String dockerfilePath, Dockerfile dockerfile) {
      List<String> pythonNotes = new ArrayList<>();
      for (String step : dockerfile.run()) {
        if (PythonBuilds.installsProjectOrPip(step)) {
          continue;
        }
        Draft.Untranslated item = new Draft.Untranslated(name, "Dockerfile RUN", step, dockerfilePath);
        untranslated.add(item);
        pythonNotes.add("not translated: Dockerfile RUN " + step + " (Slipway's image holds the source and what pip installs from the dependency file)");
      }
      Optional<String> requirements = dockerfile.run().stream().map(PythonBuilds::requirementsInstalled).flatMap(Optional::stream)
          .map(contextDir::resolve).filter(Files::isRegularFile).findFirst()
          .filter(file -> !PythonBuilds.isDetectedDependencyFile(contextDir, file))
          .map(ComposeTranslator.this::projectPath);
      for (Map.Entry<String, String> variable : dockerfile.env().entrySet()) {
        if (PythonBuilds.setBySlipway(variable.getKey())) {
          continue;
        }
        if (PythonBuilds.BREAKS_SLIPWAY_IMAGE.contains(variable.getKey())) {
          Draft.Untranslated item = new Draft.Untranslated(name, "Dockerfile ENV " + variable.getKey(), variable.getValue(), dockerfilePath);
          untranslated.add(item);
          pythonNotes.add("not translated: Dockerfile ENV " + variable.getKey() + "=" + variable.getValue() + " (Slipway's image sets its own)");
          continue;
        }
        env.add(new Draft.Env(variable.getKey(), ConfigValue.literal(variable.getValue()), "from the Dockerfile's ENV"));
      }
      Optional<Draft.AuthorCommand> author = authorCommand(dockerfile);
      return new Draft.Python(projectPath(contextDir), PythonBuilds.version(dockerfile.baseImage()), requirements, author, Optional.empty(), "", pythonNotes);
    }

    /** What the original container ran: Compose's entrypoint and command over the Dockerfile's. */
    private Optional<Draft.AuthorCommand> authorCommand(Dockerfile dockerfile) {
      Optional<String> composeEntrypoint = Optional.ofNullable(keys.get("entrypoint")).map(this::line);
      Optional<String> composeCommand = Optional.ofNullable(keys.get("command")).map(this::line);
      String file = compose.displayName();
      if (composeEntrypoint.isPresent()) {
        return Optional.of(new Draft.AuthorCommand(composeEntrypoint.get() + composeCommand.map(c -> " " + c).orElse(""),
            file + "'s entrypoint" + (composeCommand.isPresent() ? " and command" : "")));
      }
      if (composeCommand.isPresent()) {
        if (dockerfile.entrypoint().orElse(null) instanceof Dockerfile.Exec exec) {
          return Optional.of(new Draft.AuthorCommand(ShellQuoting.join(exec.words()) + " " + composeCommand.get(), "the Dockerfile's ENTRYPOINT and " + file + "'s command"));
        }
        String was = dockerfile.startCommand().map(c -> " (the Dockerfile's CMD was: " + c + ")").orElse("");
        return Optional.of(new Draft.AuthorCommand(composeCommand.get(), file + "'s command" + was));
      }
      String origin = dockerfile.entrypoint().isPresent() ? (dockerfile.cmd().isPresent() ? "the Dockerfile's ENTRYPOINT and CMD" : "the Dockerfile's ENTRYPOINT") : "the Dockerfile's CMD";
      return dockerfile.startCommand().map(line -> new Draft.AuthorCommand(line, origin));
    }

    private String line(YamlNode words) {
      return words.isList() ? ShellQuoting.join(words.texts("command")) : words.text("command");
    }

    private boolean isPython() {
      return build instanceof Draft.Python;
    }

    // --- command, entrypoint

    private void command(YamlNode value) {
      if (!isPython()) {
        command = Optional.of(words(value, "command"));
      }
    }

    private void entrypoint(YamlNode value) {
      if (!isPython()) {
        entrypoint = Optional.of(words(value, "entrypoint"));
      }
    }

    private Draft.Words words(YamlNode value, String key) {
      if (value.isList()) {
        return new Draft.WordList(value.texts(key));
      }
      return new Draft.Line(value.text(key));
    }

    // --- ports

    private void port(YamlNode entry) {
      if (entry.isMap()) {
        longPort(entry);
        return;
      }
      String spec = entry.text("a port");
      String protocol = "tcp";
      int slash = spec.lastIndexOf('/');
      if (slash >= 0) {
        protocol = spec.substring(slash + 1);
        spec = spec.substring(0, slash);
      }
      String hostIp = "";
      String published = "";
      String target;
      int lastColon = spec.lastIndexOf(':');
      if (lastColon < 0) {
        target = spec;
      } else {
        target = spec.substring(lastColon + 1);
        String host = spec.substring(0, lastColon);
        int ipColon = host.lastIndexOf(':');
        if (host.startsWith("[")) {
          int close = host.indexOf(']');
          hostIp = host.substring(1, close);
          published = host.substring(close + 1).replaceFirst("^:", "");
        } else if (ipColon >= 0) {
          hostIp = host.substring(0, ipColon);
          published = host.substring(ipColon + 1);
        } else {
          published = host;
        }
      }
      addPorts(entry, target, published, hostIp, protocol, Optional.empty());
    }

    private void longPort(YamlNode entry) {
      Map<String, YamlNode> options = entry.entries("a port");
      String target = Optional.ofNullable(options.get("target")).map(t -> t.text("target"))
          .orElseThrow(() -> entry.error("a port in the long syntax needs target: (the container's port)"));
      String published = Optional.ofNullable(options.get("published")).map(p -> p.text("published")).orElse("");
      String hostIp = Optional.ofNullable(options.get("host_ip")).map(p -> p.text("host_ip")).orElse("");
      String protocol = Optional.ofNullable(options.get("protocol")).map(p -> p.text("protocol")).orElse("tcp");
      Optional<String> portName = Optional.ofNullable(options.get("name")).map(p -> p.text("name")).map(ComposeTranslator::portName).filter(n -> !n.isEmpty());
      for (String key : options.keySet()) {
        if (!Set.of("target", "published", "host_ip", "protocol", "name", "mode").contains(key)
            || key.equals("mode") && !options.get(key).text("mode").equals("ingress")) {
          left.add(leftOut(name, "ports." + key, options.get(key)));
        }
      }
      addPorts(entry, target, published, hostIp, protocol, portName);
    }

    private void addPorts(YamlNode entry, String target, String published, String hostIp, String protocol, Optional<String> portName) {
      if (!protocol.equalsIgnoreCase("tcp")) {
        left.add(leftOut(name, "ports", entry) + " (Slipway's ports are TCP)");
        return;
      }
      int[] targets = range(entry, target);
      int[] hosts = published.isEmpty() ? null : range(entry, published);
      if (hosts != null && hosts.length != targets.length) {
        left.add(leftOut(name, "ports", entry) + " (a host range of another length than the container range)");
        return;
      }
      if (hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::")) {
        publishesOnAllInterfaces = true;
      } else if (!hostIp.equals("127.0.0.1") && !hostIp.equals("localhost")) {
        left.add(leftOut(name, "ports host_ip", entry) + " (the Compose target publishes on one address for every port: compose(bind: ...))");
      }
      for (int i = 0; i < targets.length; i++) {
        int container = targets[i];
        String comment = "";
        OptionalInt host = OptionalInt.empty();
        if (hosts == null) {
          comment = compose.displayName() + " published it on a host port Docker picked; Slipway publishes it on " + container;
        } else if (hosts[i] != container) {
          host = OptionalInt.of(hosts[i]);
        }
        ports.add(new Draft.Port(container, host, false, portName, comment));
      }
    }

    private void expose(YamlNode entry) {
      String spec = entry.text("an expose entry");
      if (spec.contains("/") && !spec.endsWith("/tcp")) {
        left.add(leftOut(name, "expose", entry) + " (Slipway's ports are TCP)");
        return;
      }
      for (int port : range(entry, spec.replaceFirst("/tcp$", ""))) {
        if (ports.stream().noneMatch(p -> p.container() == port)) {
          ports.add(new Draft.Port(port, OptionalInt.empty(), true, Optional.empty(), ""));
        }
      }
    }

    private int[] range(YamlNode entry, String spec) {
      try {
        int dash = spec.indexOf('-');
        if (dash < 0) {
          return new int[] {Integer.parseInt(spec.trim())};
        }
        int from = Integer.parseInt(spec.substring(0, dash).trim());
        int to = Integer.parseInt(spec.substring(dash + 1).trim());
        if (to < from || to - from > 100) {
          throw entry.error("port range '" + spec + "' is not a short ascending range");
        }
        int[] ports = new int[to - from + 1];
        for (int i = 0; i < ports.length; i++) {
          ports[i] = from + i;
        }
        return ports;
      } catch (NumberFormatException e) {
        throw entry.error("'" + spec + "' is not a port number (write e.g. \"8000:5000\")");
      }
    }

    // --- environment

    private void environment(YamlNode value) {
      for (Map.Entry<String, Optional<String>> variable : keyValues(value, "environment").entrySet()) {
        String key = variable.getKey();
        env.removeIf(e -> e.name().equals(key));
        if (variable.getValue().isEmpty()) {
          unsetVariable(value, key, key, "taken from the shell's environment when Compose ran");
          continue;
        }
        String text = variable.getValue().get();
        Interpolation interpolation = Interpolation.of(text, compose.dotEnv());
        if (interpolation.value().isPresent()) {
          ConfigValue config = interpolation.value().get();
          String comment = config.isLiteral() ? "" : compose.displayName() + ": " + text + " (--set replaces the default)";
          if (config.isLiteral() && SECRET_LIKE.matcher(key).find() && !key.endsWith("_FILE") && !text.isEmpty()) {
            comment = "a secret as plain config, as in " + compose.displayName() + ": consider secret '" + key + "', fromEnv: '...'";
          }
          env.add(new Draft.Env(key, config, comment));
          continue;
        }
        Optional<String> sole = Interpolation.soleVariable(text);
        if (sole.isPresent()) {
          unsetVariable(value, key, sole.get(), "was " + text + " with no default");
        } else {
          left.add(leftOut(name, "environment." + key, value.isMap() ? value.entries("environment").get(key) : value)
              + " (" + String.join(", ", interpolation.unset()) + " without a default: write the value, or setting('NAME', 'default'))");
        }
      }
    }

    /** A variable whose value only the deployer's shell knows: a secret when it looks like one, else a comment. */
    private void unsetVariable(YamlNode value, String key, String variable, String how) {
      if (SECRET_LIKE.matcher(key).find() || SECRET_LIKE.matcher(variable).find()) {
        secrets.add(new Draft.Secret(key, Optional.of(variable), Optional.empty(),
            key + " " + how + " in " + compose.displayName() + "; as a secret the app reads the file named by " + fileVariable(key)
                + " (/run/secrets/" + key + ")"));
        return;
      }
      YamlNode where = value.isMap() ? value.entries("environment").get(key) : value;
      Draft.Untranslated item = new Draft.Untranslated(name, "environment." + key, "${" + variable + "}", where.location().toString());
      untranslated.add(item);
      left.add("not translated: environment " + key + " (" + how + "): write env " + key + ": setting('" + variable + "', '...')");
    }

    private String fileVariable(String secret) {
      return secret.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_FILE";
    }

    private void envFile(YamlNode value) {
      List<YamlNode> entries = value.isList() ? value.items("env_file") : List.of(value);
      for (YamlNode entry : entries) {
        String path;
        boolean required = true;
        if (entry.isMap()) {
          Map<String, YamlNode> options = entry.entries("env_file");
          path = Optional.ofNullable(options.get("path")).orElseThrow(() -> entry.error("an env_file entry needs path:")).text("path");
          required = Optional.ofNullable(options.get("required")).map(r -> r.text("required").equals("true")).orElse(true);
          Optional.ofNullable(options.get("format")).ifPresent(format -> left.add(leftOut(name, "env_file.format", format)));
        } else {
          path = entry.text("env_file");
        }
        Path file = fromCompose(path);
        if (!required && !Files.isRegularFile(file)) {
          left.add(leftOut(name, "env_file", entry) + " (optional and missing now)");
          continue;
        }
        envFiles.add(projectPath(file));
      }
    }

    // --- secrets, configs

    private void secret(YamlNode entry) {
      String source;
      String target;
      if (entry.isMap()) {
        Map<String, YamlNode> options = entry.entries("a secret");
        source = Optional.ofNullable(options.get("source")).orElseThrow(() -> entry.error("a secret in the long syntax needs source:")).text("source");
        target = Optional.ofNullable(options.get("target")).map(t -> t.text("target")).orElse(source);
        for (String key : List.of("uid", "gid", "mode")) {
          Optional.ofNullable(options.get(key)).ifPresent(v -> left.add(leftOut(name, "secrets." + source + "." + key, v)));
        }
      } else {
        source = entry.text("a secret");
        target = source;
      }
      if (target.startsWith("/run/secrets/")) {
        target = target.substring("/run/secrets/".length());
      } else if (target.startsWith("/")) {
        left.add(leftOut(name, "secrets." + source + ".target", entry) + " (Slipway puts every secret at /run/secrets/NAME)");
        target = source;
      }
      YamlNode definition = secretDefinitions.get(source);
      if (definition == null) {
        throw entry.error("secret '" + source + "' is not defined under the top-level secrets:");
      }
      Map<String, YamlNode> how = definition.entries("secrets." + source);
      if (how.containsKey("file")) {
        secrets.add(new Draft.Secret(target, Optional.empty(), Optional.of(projectPath(fromCompose(how.get("file").text("file")))), ""));
      } else if (how.containsKey("environment")) {
        secrets.add(new Draft.Secret(target, Optional.of(how.get("environment").text("environment")), Optional.empty(), ""));
      } else {
        left.add(leftOut(name, "secrets." + source, definition) + " (only file: and environment: secrets have a Slipway source)");
      }
    }

    private void config(YamlNode entry) {
      String source;
      String target;
      if (entry.isMap()) {
        Map<String, YamlNode> options = entry.entries("a config");
        source = Optional.ofNullable(options.get("source")).orElseThrow(() -> entry.error("a config in the long syntax needs source:")).text("source");
        target = Optional.ofNullable(options.get("target")).map(t -> t.text("target")).orElse("/" + source);
        for (String key : List.of("uid", "gid", "mode")) {
          Optional.ofNullable(options.get(key)).ifPresent(v -> left.add(leftOut(name, "configs." + source + "." + key, v)));
        }
      } else {
        source = entry.text("a config");
        target = "/" + source;
      }
      YamlNode definition = configDefinitions.get(source);
      if (definition == null) {
        throw entry.error("config '" + source + "' is not defined under the top-level configs:");
      }
      Map<String, YamlNode> how = definition.entries("configs." + source);
      if (how.containsKey("file")) {
        files.add(new Draft.ProjectFile(projectPath(fromCompose(how.get("file").text("file"))), inImage(target), "config '" + source + "' in " + compose.displayName()));
      } else {
        left.add(leftOut(name, "configs." + source, definition) + " (only file: configs become a project file)");
      }
    }

    // --- volumes

    private void volume(YamlNode entry) {
      String type;
      String source;
      String target;
      boolean readOnly = false;
      if (entry.isMap()) {
        Map<String, YamlNode> options = entry.entries("a volume");
        type = Optional.ofNullable(options.get("type")).map(t -> t.text("type")).orElse("volume");
        source = Optional.ofNullable(options.get("source")).map(s -> s.text("source")).orElse("");
        target = Optional.ofNullable(options.get("target")).orElseThrow(() -> entry.error("a volume in the long syntax needs target:")).text("target");
        readOnly = Optional.ofNullable(options.get("read_only")).map(r -> r.text("read_only").equals("true")).orElse(false);
        for (Map.Entry<String, YamlNode> option : options.entrySet()) {
          if (!Set.of("type", "source", "target", "read_only", "consistency").contains(option.getKey()) && !plainBindOption(option)) {
            left.add(leftOut(name, "volumes." + target + "." + option.getKey(), option.getValue()));
          }
        }
      } else {
        String[] parts = entry.text("a volume").split(":");
        List<String> modes = new ArrayList<>();
        if (parts.length == 1 || parts.length == 2 && isMountMode(parts[1])) {
          source = "";
          target = parts[0];
          if (parts.length == 2) {
            modes.add(parts[1]);
          }
        } else {
          source = parts[0];
          target = parts[1];
          if (parts.length > 2) {
            modes.addAll(List.of(parts[2].split(",")));
          }
        }
        for (String mode : modes) {
          if (mode.equals("ro")) {
            readOnly = true;
          } else if (!MOUNT_MODES_IGNORED.contains(mode)) {
            left.add(leftOut(name, "volumes " + target + " mode " + mode, entry));
          }
        }
        type = source.isEmpty() ? "volume" : (source.startsWith(".") || source.startsWith("/") || source.startsWith("~") ? "bind" : "volume");
      }
      switch (type) {
        case "volume" -> namedVolume(entry, source, target, readOnly);
        case "bind" -> bind(source, target, readOnly);
        default -> left.add(leftOut(name, "volumes " + target, entry));
      }
    }

    private boolean plainBindOption(Map.Entry<String, YamlNode> option) {
      return option.getKey().equals("bind") && option.getValue().entries("bind").keySet().equals(Set.of("create_host_path"));
    }

    private boolean isMountMode(String text) {
      return text.matches("(ro|rw|z|Z|cached|delegated|consistent|nocopy)(,.*)?");
    }

    private void namedVolume(YamlNode entry, String source, String target, boolean readOnly) {
      if (source.isEmpty()) {
        left.add(leftOut(name, "volumes", entry) + " (an anonymous volume: give it a name to keep its data)");
        return;
      }
      String volumeName = Names.toDnsLabel(source);
      String comment = volumeName.equals(source) ? "" : "'" + source + "' in " + compose.displayName() + " (volume names are DNS labels)";
      if (readOnly) {
        comment = (comment.isEmpty() ? "" : comment + "; ") + "mounted read-only in " + compose.displayName() + ", read-write here";
      }
      String inImage = inImage(target);
      if (!inImage.equals(target)) {
        comment = (comment.isEmpty() ? "" : comment + "; ") + movedToApp(target);
      }
      volumes.add(new Draft.Volume(volumeName, inImage, comment));
    }

    private void bind(String source, String target, boolean readOnly) {
      Path host = fromCompose(source);
      String inImage = inImage(target);
      String moved = inImage.equals(target) ? "" : movedToApp(target);
      String hostPath = insideProject(host) ? projectPath(host) : host.toString();
      if (Files.isRegularFile(host) && insideProject(host) && (readOnly || CONFIG_FILE.matcher(host.toString()).matches() || target.startsWith("/etc/"))) {
        String comment = readOnly ? "" : "read-write in " + compose.displayName() + "; a project file is read-only";
        files.add(new Draft.ProjectFile(hostPath, inImage, join(comment, moved)));
        return;
      }
      String missing = Files.exists(host) ? "" : hostPath + " does not exist yet (Compose creates it; Slipway wants it there): create it before deploying";
      devMounts.add(new Draft.Mount(hostPath, inImage, readOnly, join(moved, missing)));
    }

    private String join(String first, String second) {
      return first.isEmpty() ? second : second.isEmpty() ? first : first + "; " + second;
    }

    /**
     * A path inside the source directory of a Python build, where Slipway's image keeps it:
     * under {@code /app} instead of the Dockerfile's {@code WORKDIR}.
     */
    private String inImage(String target) {
      Optional<String> workdir = pythonDockerfile.map(Dockerfile::workdir).filter(w -> !w.equals("/") && !w.equals("/app"));
      if (workdir.isEmpty()) {
        return target;
      }
      String dir = workdir.get().replaceAll("/+$", "");
      if (target.equals(dir) || target.startsWith(dir + "/")) {
        return "/app" + target.substring(dir.length());
      }
      return target;
    }

    private String movedToApp(String target) {
      return compose.displayName() + " mounted it at " + target + " under the Dockerfile's WORKDIR "
          + pythonDockerfile.orElseThrow().workdir() + "; Slipway's image keeps the source at /app";
    }

    // --- networks, dependencies

    private void networks(YamlNode value) {
      List<String> names = new ArrayList<>();
      if (value.isMap()) {
        for (Map.Entry<String, YamlNode> network : value.entries("networks").entrySet()) {
          names.add(network.getKey());
          network.getValue().entries("networks." + network.getKey())
              .forEach((option, setting) -> left.add(leftOut(name, "networks." + network.getKey() + "." + option, setting)));
        }
      } else {
        names.addAll(value.texts("networks"));
      }
      if (!names.equals(List.of("default"))) {
        names.stream().map(Names::toDnsLabel).forEach(networks::add);
      }
    }

    private void dependsOn(YamlNode value) {
      if (!value.isMap()) {
        value.texts("depends_on").forEach(dependency -> dependencies.put(dependency, "service_started"));
        return;
      }
      for (Map.Entry<String, YamlNode> dependency : value.entries("depends_on").entrySet()) {
        String condition = "service_started";
        Map<String, YamlNode> options = dependency.getValue().entries("depends_on." + dependency.getKey());
        for (Map.Entry<String, YamlNode> option : options.entrySet()) {
          switch (option.getKey()) {
            case "condition" -> condition = option.getValue().text("condition");
            case "required" -> {
              if (!option.getValue().text("required").equals("true")) {
                left.add(leftOut(name, "depends_on." + dependency.getKey() + ".required", option.getValue()));
              }
            }
            default -> left.add(leftOut(name, "depends_on." + dependency.getKey() + "." + option.getKey(), option.getValue()));
          }
        }
        if (condition.equals("service_completed_successfully")) {
          notes.add(compose.displayName() + " started this after '" + dependency.getKey() + "' ran to completion: in Slipway that is a"
              + " pipeline run stage before deploy(), e.g. stage('prepare') { run service: '" + name + "', command: '...' }");
          continue;
        }
        dependencies.put(dependency.getKey(), condition);
      }
    }

    private void links(YamlNode value) {
      for (String link : value.texts("links")) {
        String[] parts = link.split(":");
        dependencies.putIfAbsent(parts[0], "service_started");
        dependencyNotes.put(parts[0], "from links: in " + compose.displayName() + (parts.length > 1 ? " (alias '" + parts[1] + "' not translated: other services reach it by its name)" : ""));
      }
    }

    // --- health

    private void healthcheck(YamlNode value) {
      Map<String, YamlNode> options = value.entries("healthcheck");
      if (Optional.ofNullable(options.get("disable")).map(d -> d.text("disable").equals("true")).orElse(false)) {
        left.add(leftOut(name, "healthcheck.disable", options.get("disable")) + " (without health, Slipway adds no check; the image's own HEALTHCHECK stays)");
        return;
      }
      YamlNode test = options.get("test");
      if (test == null) {
        left.add(leftOut(name, "healthcheck", value) + " (no test:)");
        return;
      }
      List<String> form = test.isList() ? test.texts("healthcheck.test") : List.of("CMD-SHELL", test.text("healthcheck.test"));
      if (form.isEmpty() || form.get(0).equals("NONE")) {
        left.add(leftOut(name, "healthcheck.test", test) + " (without health, Slipway adds no check; the image's own HEALTHCHECK stays)");
        return;
      }
      List<String> comments = new ArrayList<>();
      OptionalInt interval = seconds(options.get("interval"), "healthcheck.interval", comments);
      OptionalInt timeout = seconds(options.get("timeout"), "healthcheck.timeout", comments);
      OptionalInt startPeriod = seconds(options.get("start_period"), "healthcheck.start_period", comments);
      OptionalInt retries = Optional.ofNullable(options.get("retries")).map(r -> OptionalInt.of(integer(r, "healthcheck.retries"))).orElse(OptionalInt.empty());
      for (Map.Entry<String, YamlNode> option : options.entrySet()) {
        if (!Set.of("test", "interval", "timeout", "start_period", "retries", "disable").contains(option.getKey())) {
          left.add(leftOut(name, "healthcheck." + option.getKey(), option.getValue()));
        }
      }
      health = check(form, test).map(check -> withTiming(check, interval, timeout, retries, startPeriod, comments));
      health = health.map(ComposeTranslator::withDeadline);
    }

    private Draft.Health withTiming(Draft.Health check, OptionalInt interval, OptionalInt timeout, OptionalInt retries, OptionalInt startPeriod, List<String> comments) {
      List<String> all = new ArrayList<>();
      if (!check.comment().isEmpty()) {
        all.add(check.comment());
      }
      all.addAll(comments);
      return new Draft.Health(check.check(), interval, timeout, retries, startPeriod, OptionalInt.empty(), String.join("; ", all));
    }

    private Optional<Draft.Health> healthFromDockerfile(Dockerfile.Healthcheck check) {
      if (check.test().get(0).equals("NONE")) {
        return Optional.empty();
      }
      List<String> comments = new ArrayList<>(List.of("the Dockerfile's HEALTHCHECK"));
      OptionalInt interval = dockerfileSeconds(check.options().get("interval"), comments);
      OptionalInt timeout = dockerfileSeconds(check.options().get("timeout"), comments);
      OptionalInt startPeriod = dockerfileSeconds(check.options().get("start-period"), comments);
      OptionalInt retries = Optional.ofNullable(check.options().get("retries")).filter(r -> r.matches("[0-9]+"))
          .map(r -> OptionalInt.of(Integer.parseInt(r))).orElse(OptionalInt.empty());
      return check(check.test(), null).map(c -> withTiming(c, interval, timeout, retries, startPeriod, comments)).map(ComposeTranslator::withDeadline);
    }

    private OptionalInt dockerfileSeconds(String text, List<String> comments) {
      if (text == null) {
        return OptionalInt.empty();
      }
      return ComposeDurations.parse(text).map(d -> {
        if (d.getNano() > 0) {
          comments.add(text + " rounded up to whole seconds");
        }
        return OptionalInt.of((int) ComposeDurations.wholeSeconds(d));
      }).orElse(OptionalInt.empty());
    }

    /** The check as Slipway runs it; an HTTP probe by curl or wget in a Python build becomes Slipway's own. */
    private Optional<Draft.Health> check(List<String> form, YamlNode where) {
      String line = form.get(0).equals("CMD") ? ShellQuoting.join(form.subList(1, form.size())) : form.size() > 1 ? form.get(1) : "";
      if (line.isBlank()) {
        if (where != null) {
          left.add(leftOut(name, "healthcheck.test", where) + " (empty)");
        }
        return Optional.empty();
      }
      if (isPython()) {
        Optional<Draft.HttpCheck> http = PythonBuilds.httpProbe(line);
        if (http.isPresent()) {
          return Optional.of(new Draft.Health(http.get(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
              "was: " + line + " (Slipway's image has no curl or wget: it checks the same URL from Python)"));
        }
        String program = line.trim().split("\\s+")[0];
        if (!program.startsWith("python")) {
          return Optional.of(new Draft.Health(new Draft.CommandCheck(line), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
              "runs in Slipway's Python image, which has only what pip installs: check that " + program + " is there"));
        }
      }
      return Optional.of(new Draft.Health(new Draft.CommandCheck(line), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), ""));
    }

    private OptionalInt seconds(YamlNode value, String key, List<String> comments) {
      if (value == null) {
        return OptionalInt.empty();
      }
      String text = value.text(key);
      var duration = ComposeDurations.parse(text).orElseThrow(() -> value.error(key + " '" + text + "' is not a duration like 10s or 1m30s"));
      if (duration.getNano() > 0) {
        comments.add(key.substring(key.indexOf('.') + 1) + " " + text + " rounded up to whole seconds");
      }
      return OptionalInt.of((int) ComposeDurations.wholeSeconds(duration));
    }

    // --- restart, deploy

    private void restart(YamlNode value) {
      String policy = value.text("restart");
      if (RESTART_POLICIES.contains(policy)) {
        restart = Optional.of(policy);
      } else if (policy.startsWith("on-failure:")) {
        restart = Optional.of("on-failure");
        left.add(leftOut(name, "restart", value) + " (Slipway's on-failure has no retry count)");
      } else {
        left.add(leftOut(name, "restart", value));
      }
    }

    private void deploy(YamlNode value) {
      for (Map.Entry<String, YamlNode> option : value.entries("deploy").entrySet()) {
        YamlNode setting = option.getValue();
        switch (option.getKey()) {
          case "replicas" -> replicas = OptionalInt.of(integer(setting, "deploy.replicas"));
          case "mode" -> {
            if (!setting.text("deploy.mode").equals("replicated")) {
              left.add(leftOut(name, "deploy.mode", setting));
            }
          }
          case "resources" -> resources(setting);
          default -> left.add(leftOut(name, "deploy." + option.getKey(), setting));
        }
      }
    }

    private void resources(YamlNode value) {
      for (Map.Entry<String, YamlNode> kind : value.entries("deploy.resources").entrySet()) {
        if (!kind.getKey().equals("limits")) {
          left.add(leftOut(name, "deploy.resources." + kind.getKey(), kind.getValue()));
          continue;
        }
        for (Map.Entry<String, YamlNode> limit : kind.getValue().entries("deploy.resources.limits").entrySet()) {
          switch (limit.getKey()) {
            case "cpus" -> cpu = Optional.of(cpus(limit.getValue()));
            case "memory" -> memory = Optional.of(memory(limit.getValue()));
            default -> left.add(leftOut(name, "deploy.resources.limits." + limit.getKey(), limit.getValue()));
          }
        }
      }
    }

    /** Compose's {@code cpus: '0.5'} as a Kubernetes quantity, {@code 500m}, which Slipway reads on every target. */
    private String cpus(YamlNode value) {
      String text = value.text("cpus");
      try {
        BigDecimal cores = new BigDecimal(text.trim());
        BigDecimal milli = cores.multiply(BigDecimal.valueOf(1000));
        if (cores.stripTrailingZeros().scale() <= 0) {
          return cores.stripTrailingZeros().toPlainString();
        }
        return milli.setScale(0, java.math.RoundingMode.CEILING).toPlainString() + "m";
      } catch (NumberFormatException e) {
        throw value.error("cpus '" + text + "' is not a number of CPUs like 0.5");
      }
    }

    /** Compose's {@code 512m} (powers of 1024) as a Kubernetes quantity, {@code 512Mi}. */
    private String memory(YamlNode value) {
      String text = value.text("memory");
      Matcher m = MEMORY.matcher(text.trim());
      if (!m.matches()) {
        throw value.error("memory '" + text + "' is not a size like 512m or 1g");
      }
      int power = "bkmg".indexOf(m.group(2).isEmpty() ? "b" : m.group(2).toLowerCase(Locale.ROOT));
      BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power)).setScale(0, java.math.RoundingMode.CEILING);
      String[] units = {"Gi", "Mi", "Ki"};
      for (int i = 0; i < units.length; i++) {
        BigDecimal factor = BigDecimal.valueOf(1024).pow(3 - i);
        BigDecimal[] division = bytes.divideAndRemainder(factor);
        if (bytes.signum() > 0 && division[1].signum() == 0) {
          return division[0].toPlainString() + units[i];
        }
      }
      return bytes.toPlainString();
    }

    // --- values

    private int integer(YamlNode value, String key) {
      String text = value.text(key);
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw value.error(key + " '" + text + "' is not a whole number");
      }
    }

    private ConfigValue configValue(YamlNode value, String key) {
      return configValue(value, value.raw(key), key);
    }

    /** A value outside {@code environment}: a variable without a default becomes a setting that defaults to empty. */
    private ConfigValue configValue(YamlNode where, String text, String key) {
      Interpolation interpolation = Interpolation.of(text, compose.dotEnv());
      if (interpolation.value().isPresent()) {
        return interpolation.value().get();
      }
      Map<String, String> empty = new LinkedHashMap<>(compose.dotEnv());
      interpolation.unset().forEach(variable -> empty.put(variable, ""));
      notes.add(key + " uses " + String.join(", ", interpolation.unset()) + " from the shell with no default in " + compose.displayName()
          + ": give them with --set NAME=value");
      return Interpolation.of(text, empty).value().orElseThrow();
    }
  }

  /**
   * A check whose start period and retries outlast the deploy's default wait gets a deadline that
   * lets them run out: Compose waits for a dependency until it is healthy or has failed them all.
   */
  private static Draft.Health withDeadline(Draft.Health health) {
    long needed = health.startPeriod().orElse(0)
        + (long) (health.interval().orElse(DEFAULT_INTERVAL) + health.timeout().orElse(DEFAULT_TIMEOUT)) * health.retries().orElse(DEFAULT_RETRIES);
    if (needed <= DEFAULT_DEADLINE) {
      return health;
    }
    String comment = (health.comment().isEmpty() ? "" : health.comment() + "; ")
        + "deadline: how long a deploy waits, enough for the start period and every retry";
    return new Draft.Health(health.check(), health.interval(), health.timeout(), health.retries(), health.startPeriod(), OptionalInt.of((int) needed), comment);
  }

  /** A port name as Kubernetes takes one, which Slipway requires everywhere: a DNS label of at most 15 characters. */
  private static String portName(String name) {
    String label = Names.toDnsLabel(name);
    return label.length() > 15 ? label.substring(0, 15).replaceAll("-+$", "") : label;
  }

  /** {@code KEY=VALUE} lists and maps alike, as Compose allows for environment and build args; a key alone has no value. */
  private static Map<String, Optional<String>> keyValues(YamlNode value, String what) {
    Map<String, Optional<String>> out = new LinkedHashMap<>();
    if (value.isMap()) {
      value.entries(what).forEach((key, v) -> out.put(key, v.isNull() ? Optional.empty() : Optional.of(v.raw(what + "." + key))));
      return out;
    }
    for (String entry : value.items(what).stream().map(item -> item.raw("an entry of " + what)).toList()) {
      int eq = entry.indexOf('=');
      out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? Optional.empty() : Optional.of(entry.substring(eq + 1)));
    }
    return out;
  }
}
