package dev.slipway.cli.init;

import dev.slipway.core.validate.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Compose file in Slipway's terms. What keeps its meaning is translated; what changes is
 * translated with a comment that says how; what has no place in a deploy script is listed as not
 * translated, in the script at the service it belongs to and for the terminal.
 */
final class ComposeTranslator {

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
    services.keySet().forEach(name -> serviceNames.put(name, toServiceName(name)));
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
      translations.add(new ServiceTranslation(this, service.getKey(), service.getValue()));
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

  private static String toServiceName(String composeName) {
    String label = Names.toDnsLabel(composeName);
    return label.isEmpty() ? "service" : label;
  }


  // --- what a service's translation shares with the others

  String displayName() {
    return compose.displayName();
  }

  Map<String, String> dotEnv() {
    return compose.dotEnv();
  }

  /** The script's name for a service of the Compose file (a DNS label). */
  String serviceName(String composeName) {
    return serviceNames.getOrDefault(composeName, composeName);
  }

  /** Whether other services wait for this one to finish ({@code service_completed_successfully}). */
  boolean isOneOff(String composeName) {
    return oneOffs.contains(composeName);
  }

  YamlNode secretDefinition(String name) {
    return secretDefinitions.get(name);
  }

  YamlNode configDefinition(String name) {
    return configDefinitions.get(name);
  }

  void publishesOnAllInterfaces() {
    publishesOnAllInterfaces = true;
  }

  void untranslated(Draft.Untranslated item) {
    untranslated.add(item);
  }

  /** Records {@code key} as not translated and returns its comment for the script. */
  String leftOut(String service, String key, YamlNode value) {
    Draft.Untranslated item = new Draft.Untranslated(service, key, value.summary(), value.location().toString());
    untranslated.add(item);
    return item.comment();
  }

  /** A path of the user's files as the script writes it: relative to the script's directory. */
  String projectPath(Path absolute) {
    Path normalized = absolute.toAbsolutePath().normalize();
    String relative = projectDir.relativize(normalized).toString().replace('\\', '/');
    return relative.isEmpty() ? "." : relative;
  }

  /** A file beside the Compose file as messages name it: the way the user named the Compose file, e.g. {@code app/Dockerfile}. */
  String displayPath(Path file) {
    Path shown = Path.of(compose.displayName()).resolveSibling(composeDir.relativize(file.toAbsolutePath().normalize()).toString());
    return shown.normalize().toString();
  }

  Path fromCompose(String path) {
    if (path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(path.substring(2));
    }
    return composeDir.resolve(path).normalize();
  }

  boolean insideProject(Path path) {
    return path.toAbsolutePath().normalize().startsWith(projectDir);
  }

  /** A port name as Kubernetes takes one, which Slipway requires everywhere: a DNS label of at most 15 characters. */
  static String portName(String name) {
    String label = Names.toDnsLabel(name);
    return label.length() > 15 ? label.substring(0, 15).replaceAll("-+$", "") : label;
  }

  /** {@code KEY=VALUE} lists and maps alike, as Compose allows for environment and build args; a key alone has no value. */
  static Map<String, Optional<String>> keyValues(YamlNode value, String what) {
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
