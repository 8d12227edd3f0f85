package dev.slipway.cli.init;

import dev.slipway.core.validate.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Compose service in Slipway's terms: each key translated, commented where its meaning
 * changes, or left out and reported through the {@link ComposeTranslator} it belongs to.
 */
final class ServiceTranslation {

  private static final Set<String> RESTART_POLICIES = Set.of("no", "always", "on-failure", "unless-stopped");
  private static final Pattern SECRET_LIKE = Pattern.compile("(?i)(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|KEY|APIKEY|CREDENTIALS?)(_|$)");
  private static final Pattern CONFIG_FILE = Pattern.compile("(?i).*\\.(conf|cfg|cnf|ini|ya?ml|json|toml|xml|properties|config|env)$");
  private static final Set<String> MOUNT_MODES_IGNORED = Set.of("rw", "cached", "delegated", "consistent");

  private final ComposeTranslator translator;

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

  ServiceTranslation(ComposeTranslator translator, String composeName, YamlNode node) {
    this.translator = translator;
    this.composeName = composeName;
    this.name = translator.serviceName(composeName);
    this.node = node;
    this.keys = node.entries("service '" + composeName + "'");
    if (!name.equals(composeName)) {
      notes.add("named '" + composeName + "' in " + translator.displayName() + ", which is not a DNS label: other services now reach it as '" + name + "'");
    }
    build = build();
    for (Map.Entry<String, YamlNode> entry : keys.entrySet()) {
      translate(entry.getKey(), entry.getValue());
    }
    if (health.isEmpty()) {
      pythonDockerfile.flatMap(Dockerfile::healthcheck).ifPresent(check -> health = healthFromDockerfile(check));
    }
    if (translator.isOneOff(composeName)) {
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
      default -> left.add(translator.leftOut(name, key, value));
    }
  }

  Draft.Service finish(Set<String> checked) {
    List<Draft.Dependency> dependsOn = new ArrayList<>();
    dependencies.forEach((dependency, condition) -> {
      String comment = dependencyNotes.getOrDefault(dependency, "");
      if (condition.equals("service_started") && checked.contains(dependency)) {
        comment = "Slipway waits for '" + translator.serviceName(dependency) + "' to pass its health check; "
            + translator.displayName() + " only waited for it to start";
      }
      dependsOn.add(new Draft.Dependency(translator.serviceName(dependency), comment));
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
          case "args" -> ComposeTranslator.keyValues(v, "build.args").forEach((k, arg) -> args.put(k, arg.map(a -> configValue(v, a, "build.args." + k)).orElse(ConfigValue.literal(""))));
          default -> left.add(translator.leftOut(name, "build." + option.getKey(), v));
        }
      }
    }
    if (context.contains("://") || context.startsWith("git@")) {
      left.add(translator.leftOut(name, "build.context", buildNode.get()));
      return image.<Draft.Build>map(i -> new Draft.Image(configValue(i, "image"), "built from a remote context in " + translator.displayName() + "; this runs the image it named"))
          .orElseGet(() -> new Draft.Image(ConfigValue.literal(name), "built from a remote context in " + translator.displayName() + ": name the image it makes here"));
    }
    image.ifPresent(i -> notes.add(translator.displayName() + " named the built image '" + i.text("image") + "'; Slipway names it after the project's registry and the service"));
    Path contextDir = translator.fromCompose(context);
    Path dockerfilePath = contextDir.resolve(dockerfileName).normalize();
    Optional<Dockerfile> dockerfile = Dockerfile.read(dockerfilePath);
    if (dockerfile.isPresent() && PythonBuilds.isPython(contextDir, dockerfile.get())) {
      if (args.isEmpty() && target.isEmpty()) {
        pythonDockerfile = dockerfile;
        return python(contextDir, translator.displayPath(dockerfilePath), dockerfile.get());
      }
      notes.add("a Python app kept as a Dockerfile build: a python { } block has no build args or target");
    }
    String dockerfileDir = translator.projectPath(dockerfilePath.getParent());
    String contextPath = translator.projectPath(contextDir);
    return new Draft.DockerfileBuild(
        translator.projectPath(dockerfilePath), contextPath.equals(dockerfileDir) ? Optional.empty() : Optional.of(contextPath), args, target,
        dockerfile.isPresent() ? "" : "no Dockerfile at " + translator.projectPath(dockerfilePath) + " when this was written");
  }

  /** @param dockerfilePath the Dockerfile as messages name it */
  private Draft.Python python(Path contextDir, String dockerfilePath, Dockerfile dockerfile) {
    List<String> pythonNotes = new ArrayList<>();
    for (String step : dockerfile.run()) {
      if (PythonBuilds.installsProjectOrPip(step)) {
        continue;
      }
      Draft.Untranslated item = new Draft.Untranslated(name, "RUN", step, dockerfilePath);
      translator.untranslated(item);
      pythonNotes.add("not translated: Dockerfile RUN " + step + " (Slipway's image holds the source and what pip installs from the dependency file)");
    }
    Optional<String> requirements = dockerfile.run().stream().map(PythonBuilds::requirementsInstalled).flatMap(Optional::stream)
        .map(contextDir::resolve).filter(Files::isRegularFile).findFirst()
        .filter(file -> !PythonBuilds.isDetectedDependencyFile(contextDir, file))
        .map(translator::projectPath);
    for (Map.Entry<String, String> variable : dockerfile.env().entrySet()) {
      if (PythonBuilds.setBySlipway(variable.getKey())) {
        continue;
      }
      if (PythonBuilds.BREAKS_SLIPWAY_IMAGE.contains(variable.getKey())) {
        Draft.Untranslated item = new Draft.Untranslated(name, "ENV " + variable.getKey(), variable.getValue(), dockerfilePath);
        translator.untranslated(item);
        pythonNotes.add("not translated: Dockerfile ENV " + variable.getKey() + "=" + variable.getValue() + " (Slipway's image sets its own)");
        continue;
      }
      env.add(new Draft.Env(variable.getKey(), ConfigValue.literal(variable.getValue()), "from the Dockerfile's ENV"));
    }
    Optional<Draft.AuthorCommand> author = authorCommand(dockerfile);
    return new Draft.Python(translator.projectPath(contextDir), PythonBuilds.version(dockerfile.baseImage()), requirements, author, Optional.empty(), "", pythonNotes);
  }

  /** What the original container ran: Compose's entrypoint and command over the Dockerfile's. */
  private Optional<Draft.AuthorCommand> authorCommand(Dockerfile dockerfile) {
    Optional<String> composeEntrypoint = Optional.ofNullable(keys.get("entrypoint")).map(this::line);
    Optional<String> composeCommand = Optional.ofNullable(keys.get("command")).map(this::line);
    String file = translator.displayName();
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
        left.add(translator.leftOut(name, "ports." + key, options.get(key)));
      }
    }
    addPorts(entry, target, published, hostIp, protocol, portName);
  }

  private void addPorts(YamlNode entry, String target, String published, String hostIp, String protocol, Optional<String> portName) {
    if (!protocol.equalsIgnoreCase("tcp")) {
      left.add(translator.leftOut(name, "ports", entry) + " (Slipway's ports are TCP)");
      return;
    }
    int[] targets = range(entry, target);
    int[] hosts = published.isEmpty() ? null : range(entry, published);
    if (hosts != null && hosts.length != targets.length) {
      left.add(translator.leftOut(name, "ports", entry) + " (a host range of another length than the container range)");
      return;
    }
    if (hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::")) {
      translator.publishesOnAllInterfaces();
    } else if (!hostIp.equals("127.0.0.1") && !hostIp.equals("localhost")) {
      left.add(translator.leftOut(name, "ports host_ip", entry) + " (the Compose target publishes on one address for every port: compose(bind: ...))");
    }
    for (int i = 0; i < targets.length; i++) {
      int container = targets[i];
      String comment = "";
      OptionalInt host = OptionalInt.empty();
      if (hosts == null) {
        comment = translator.displayName() + " published it on a host port Docker picked; Slipway publishes it on " + container;
      } else if (hosts[i] != container) {
        host = OptionalInt.of(hosts[i]);
      }
      ports.add(new Draft.Port(container, host, false, portName, comment));
    }
  }

  private void expose(YamlNode entry) {
    String spec = entry.text("an expose entry");
    if (spec.contains("/") && !spec.endsWith("/tcp")) {
      left.add(translator.leftOut(name, "expose", entry) + " (Slipway's ports are TCP)");
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
    for (Map.Entry<String, Optional<String>> variable : ComposeTranslator.keyValues(value, "environment").entrySet()) {
      String key = variable.getKey();
      env.removeIf(e -> e.name().equals(key));
      if (variable.getValue().isEmpty()) {
        unsetVariable(value, key, key, "taken from the shell's environment when Compose ran");
        continue;
      }
      String text = variable.getValue().get();
      Interpolation interpolation = Interpolation.of(text, translator.dotEnv());
      if (interpolation.value().isPresent()) {
        ConfigValue config = interpolation.value().get();
        String comment = config.isLiteral() ? "" : translator.displayName() + ": " + text + " (--set replaces the default)";
        if (config.isLiteral() && SECRET_LIKE.matcher(key).find() && !key.endsWith("_FILE") && !text.isEmpty()) {
          comment = "a secret as plain config, as in " + translator.displayName() + ": consider secret '" + key + "', fromEnv: '...'";
        }
        env.add(new Draft.Env(key, config, comment));
        continue;
      }
      Optional<String> sole = Interpolation.soleVariable(text);
      if (sole.isPresent()) {
        unsetVariable(value, key, sole.get(), "was " + text + " with no default");
      } else {
        left.add(translator.leftOut(name, "environment." + key, value.isMap() ? value.entries("environment").get(key) : value)
            + " (" + String.join(", ", interpolation.unset()) + " without a default: write the value, or setting('NAME', 'default'))");
      }
    }
  }

  /** A variable whose value only the deployer's shell knows: a secret when it looks like one, else a comment. */
  private void unsetVariable(YamlNode value, String key, String variable, String how) {
    if (SECRET_LIKE.matcher(key).find() || SECRET_LIKE.matcher(variable).find()) {
      secrets.add(new Draft.Secret(key, Optional.of(variable), Optional.empty(),
          key + " " + how + " in " + translator.displayName() + "; as a secret the app reads the file named by " + fileVariable(key)
              + " (/run/secrets/" + key + ")"));
      return;
    }
    YamlNode where = value.isMap() ? value.entries("environment").get(key) : value;
    Draft.Untranslated item = new Draft.Untranslated(name, "environment." + key, "${" + variable + "}", where.location().toString());
    translator.untranslated(item);
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
        Optional.ofNullable(options.get("format")).ifPresent(format -> left.add(translator.leftOut(name, "env_file.format", format)));
      } else {
        path = entry.text("env_file");
      }
      Path file = translator.fromCompose(path);
      if (!required && !Files.isRegularFile(file)) {
        left.add(translator.leftOut(name, "env_file", entry) + " (optional and missing now)");
        continue;
      }
      envFiles.add(translator.projectPath(file));
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
        Optional.ofNullable(options.get(key)).ifPresent(v -> left.add(translator.leftOut(name, "secrets." + source + "." + key, v)));
      }
    } else {
      source = entry.text("a secret");
      target = source;
    }
    if (target.startsWith("/run/secrets/")) {
      target = target.substring("/run/secrets/".length());
    } else if (target.startsWith("/")) {
      left.add(translator.leftOut(name, "secrets." + source + ".target", entry) + " (Slipway puts every secret at /run/secrets/NAME)");
      target = source;
    }
    YamlNode definition = translator.secretDefinition(source);
    if (definition == null) {
      throw entry.error("secret '" + source + "' is not defined under the top-level secrets:");
    }
    Map<String, YamlNode> how = definition.entries("secrets." + source);
    if (how.containsKey("file")) {
      secrets.add(new Draft.Secret(target, Optional.empty(), Optional.of(translator.projectPath(translator.fromCompose(how.get("file").text("file")))), ""));
    } else if (how.containsKey("environment")) {
      secrets.add(new Draft.Secret(target, Optional.of(how.get("environment").text("environment")), Optional.empty(), ""));
    } else {
      left.add(translator.leftOut(name, "secrets." + source, definition) + " (only file: and environment: secrets have a Slipway source)");
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
        Optional.ofNullable(options.get(key)).ifPresent(v -> left.add(translator.leftOut(name, "configs." + source + "." + key, v)));
      }
    } else {
      source = entry.text("a config");
      target = "/" + source;
    }
    YamlNode definition = translator.configDefinition(source);
    if (definition == null) {
      throw entry.error("config '" + source + "' is not defined under the top-level configs:");
    }
    Map<String, YamlNode> how = definition.entries("configs." + source);
    if (how.containsKey("file")) {
      files.add(new Draft.ProjectFile(translator.projectPath(translator.fromCompose(how.get("file").text("file"))), inImage(target), "config '" + source + "' in " + translator.displayName()));
    } else {
      left.add(translator.leftOut(name, "configs." + source, definition) + " (only file: configs become a project file)");
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
          left.add(translator.leftOut(name, "volumes." + target + "." + option.getKey(), option.getValue()));
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
          left.add(translator.leftOut(name, "volumes " + target + " mode " + mode, entry));
        }
      }
      type = source.isEmpty() ? "volume" : (source.startsWith(".") || source.startsWith("/") || source.startsWith("~") ? "bind" : "volume");
    }
    switch (type) {
      case "volume" -> namedVolume(entry, source, target, readOnly);
      case "bind" -> bind(source, target, readOnly);
      default -> left.add(translator.leftOut(name, "volumes " + target, entry));
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
      left.add(translator.leftOut(name, "volumes", entry) + " (an anonymous volume: give it a name to keep its data)");
      return;
    }
    String volumeName = Names.toDnsLabel(source);
    String comment = volumeName.equals(source) ? "" : "'" + source + "' in " + translator.displayName() + " (volume names are DNS labels)";
    if (readOnly) {
      comment = (comment.isEmpty() ? "" : comment + "; ") + "mounted read-only in " + translator.displayName() + ", read-write here";
    }
    String inImage = inImage(target);
    if (!inImage.equals(target)) {
      comment = (comment.isEmpty() ? "" : comment + "; ") + movedToApp(target);
    }
    volumes.add(new Draft.Volume(volumeName, inImage, comment));
  }

  private void bind(String source, String target, boolean readOnly) {
    Path host = translator.fromCompose(source);
    String inImage = inImage(target);
    String moved = inImage.equals(target) ? "" : movedToApp(target);
    String hostPath = translator.insideProject(host) ? translator.projectPath(host) : host.toString();
    if (Files.isRegularFile(host) && translator.insideProject(host) && (readOnly || CONFIG_FILE.matcher(host.toString()).matches() || target.startsWith("/etc/"))) {
      String comment = readOnly ? "" : "read-write in " + translator.displayName() + "; a project file is read-only";
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
    return translator.displayName() + " mounted it at " + target + " under the Dockerfile's WORKDIR "
        + pythonDockerfile.orElseThrow().workdir() + "; Slipway's image keeps the source at /app";
  }

  // --- networks, dependencies

  private void networks(YamlNode value) {
    List<String> names = new ArrayList<>();
    if (value.isMap()) {
      for (Map.Entry<String, YamlNode> network : value.entries("networks").entrySet()) {
        names.add(network.getKey());
        network.getValue().entries("networks." + network.getKey())
            .forEach((option, setting) -> left.add(translator.leftOut(name, "networks." + network.getKey() + "." + option, setting)));
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
              left.add(translator.leftOut(name, "depends_on." + dependency.getKey() + ".required", option.getValue()));
            }
          }
          default -> left.add(translator.leftOut(name, "depends_on." + dependency.getKey() + "." + option.getKey(), option.getValue()));
        }
      }
      if (condition.equals("service_completed_successfully")) {
        notes.add(translator.displayName() + " started this after '" + dependency.getKey() + "' ran to completion: in Slipway that is a"
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
      dependencyNotes.put(parts[0], "from links: in " + translator.displayName() + (parts.length > 1 ? " (alias '" + parts[1] + "' not translated: other services reach it by its name)" : ""));
    }
  }

  // --- health

  private void healthcheck(YamlNode value) {
    Map<String, YamlNode> options = value.entries("healthcheck");
    if (Optional.ofNullable(options.get("disable")).map(d -> d.text("disable").equals("true")).orElse(false)) {
      left.add(translator.leftOut(name, "healthcheck.disable", options.get("disable")) + " (without health, Slipway adds no check; the image's own HEALTHCHECK stays)");
      return;
    }
    YamlNode test = options.get("test");
    if (test == null) {
      left.add(translator.leftOut(name, "healthcheck", value) + " (no test:)");
      return;
    }
    List<String> form = test.isList() ? test.texts("healthcheck.test") : List.of("CMD-SHELL", test.text("healthcheck.test"));
    if (form.isEmpty() || form.get(0).equals("NONE")) {
      left.add(translator.leftOut(name, "healthcheck.test", test) + " (without health, Slipway adds no check; the image's own HEALTHCHECK stays)");
      return;
    }
    List<String> comments = new ArrayList<>();
    OptionalInt interval = seconds(options.get("interval"), "healthcheck.interval", comments);
    OptionalInt timeout = seconds(options.get("timeout"), "healthcheck.timeout", comments);
    OptionalInt startPeriod = seconds(options.get("start_period"), "healthcheck.start_period", comments);
    OptionalInt retries = Optional.ofNullable(options.get("retries")).map(r -> OptionalInt.of(integer(r, "healthcheck.retries"))).orElse(OptionalInt.empty());
    for (Map.Entry<String, YamlNode> option : options.entrySet()) {
      if (!Set.of("test", "interval", "timeout", "start_period", "retries", "disable").contains(option.getKey())) {
        left.add(translator.leftOut(name, "healthcheck." + option.getKey(), option.getValue()));
      }
    }
    health = check(form, test).map(check -> withTiming(check, interval, timeout, retries, startPeriod, comments));
    health = health.map(ComposeHealth::withDeadline);
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
    return check(check.test(), null).map(c -> withTiming(c, interval, timeout, retries, startPeriod, comments)).map(ComposeHealth::withDeadline);
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
        left.add(translator.leftOut(name, "healthcheck.test", where) + " (empty)");
      }
      return Optional.empty();
    }
    if (isPython()) {
      Optional<Draft.HttpCheck> http = PythonBuilds.httpProbe(line);
      if (http.isPresent()) {
        return Optional.of(new Draft.Health(http.get(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
            line.startsWith("python")
                ? "was: " + line + " (what Slipway's http check runs)"
                : "was: " + line + " (Slipway's image has no curl or wget: it checks the same URL from Python)"));
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
      left.add(translator.leftOut(name, "restart", value) + " (Slipway's on-failure has no retry count)");
    } else {
      left.add(translator.leftOut(name, "restart", value));
    }
  }

  private void deploy(YamlNode value) {
    for (Map.Entry<String, YamlNode> option : value.entries("deploy").entrySet()) {
      YamlNode setting = option.getValue();
      switch (option.getKey()) {
        case "replicas" -> replicas = OptionalInt.of(integer(setting, "deploy.replicas"));
        case "mode" -> {
          if (!setting.text("deploy.mode").equals("replicated")) {
            left.add(translator.leftOut(name, "deploy.mode", setting));
          }
        }
        case "resources" -> resources(setting);
        default -> left.add(translator.leftOut(name, "deploy." + option.getKey(), setting));
      }
    }
  }

  private void resources(YamlNode value) {
    for (Map.Entry<String, YamlNode> kind : value.entries("deploy.resources").entrySet()) {
      if (!kind.getKey().equals("limits")) {
        left.add(translator.leftOut(name, "deploy.resources." + kind.getKey(), kind.getValue()));
        continue;
      }
      for (Map.Entry<String, YamlNode> limit : kind.getValue().entries("deploy.resources.limits").entrySet()) {
        switch (limit.getKey()) {
          case "cpus" -> cpu = Optional.of(ComposeLimits.cpus(limit.getValue()));
          case "memory" -> memory = Optional.of(ComposeLimits.memory(limit.getValue()));
          default -> left.add(translator.leftOut(name, "deploy.resources.limits." + limit.getKey(), limit.getValue()));
        }
      }
    }
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
    Interpolation interpolation = Interpolation.of(text, translator.dotEnv());
    if (interpolation.value().isPresent()) {
      return interpolation.value().get();
    }
    Map<String, String> empty = new LinkedHashMap<>(translator.dotEnv());
    interpolation.unset().forEach(variable -> empty.put(variable, ""));
    notes.add(key + " uses " + String.join(", ", interpolation.unset()) + " from the shell with no default in " + translator.displayName()
        + ": give them with --set NAME=value");
    return Interpolation.of(text, empty).value().orElseThrow();
  }
}
