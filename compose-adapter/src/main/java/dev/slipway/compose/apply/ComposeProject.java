package dev.slipway.compose.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.target.TargetFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One environment's Compose project as the Compose CLI sees it: {@code -p <project>-<env> -f <its compose.yaml>}. */
final class ComposeProject {

  private static final Pattern CONTAINER_NUMBER = Pattern.compile("[-_](\\d+)$");
  private static final Pattern EXIT_CODE = Pattern.compile("^(?:Exited|Restarting) \\((-?\\d+)\\)");

  final ComposeCli cli;
  final ResolvedEnvironment environment;
  final Path file;

  ComposeProject(ComposeCli cli, ResolvedEnvironment environment, Path file) {
    this.cli = cli;
    this.environment = environment;
    this.file = file;
  }

  /** A container of the project, as {@code compose ps --format json} reports it. */
  record Container(String id, String name, int number, String state, String status, Map<String, String> labels) {
    boolean running() {
      return state.equals("running");
    }

    String configHash() {
      return labels.getOrDefault("com.docker.compose.config-hash", "");
    }

    /** The exit code of its last run, as its status shows it once it has ended: {@code Exited (1) 2 seconds ago}. */
    OptionalInt exitCode() {
      Matcher code = EXIT_CODE.matcher(status);
      return code.find() ? OptionalInt.of(Integer.parseInt(code.group(1))) : OptionalInt.empty();
    }
  }

  /**
   * What the engine knows of a container's restarts, which {@code compose ps} does not show.
   *
   * @param lastExitCode the exit code of its last run; 0 once a restarted run goes on, for some engines
   */
  record Restarts(int count, int lastExitCode) {}

  /** The engine's restart count and last exit code of each container, by its id as ps gave it. */
  Map<String, Restarts> restarts(List<String> containerIds) {
    if (containerIds.isEmpty()) {
      return Map.of();
    }
    List<String> inspect = new ArrayList<>(List.of("inspect", "--format", "{{.Id}} {{.RestartCount}} {{.State.ExitCode}}"));
    inspect.addAll(containerIds);
    Map<String, Restarts> restarts = new LinkedHashMap<>();
    for (String line : cli.engine(environment.project().baseDir(), inspect, 60).output().lines().map(String::strip).toList()) {
      String[] fields = line.split(" ");
      if (fields.length != 3 || !fields[1].matches("\\d+") || !fields[2].matches("-?\\d+")) {
        continue;
      }
      // ps prints short ids, inspect full ones.
      containerIds.stream().filter(id -> !id.isEmpty() && fields[0].startsWith(id))
          .forEach(id -> restarts.put(id, new Restarts(Integer.parseInt(fields[1]), Integer.parseInt(fields[2]))));
    }
    return restarts;
  }

  ComposeCli.Result run(List<String> command, long timeoutSeconds) {
    return cli.run(environment.project().baseDir(), withProject(command), timeoutSeconds);
  }

  /** Runs a long Compose command ({@code logs --follow}), handing each output line to {@code sink} as it comes. */
  void stream(List<String> command, java.util.function.Consumer<String> sink) {
    cli.stream(environment.project().baseDir(), withProject(command), sink);
  }

  private List<String> withProject(List<String> command) {
    List<String> args = new ArrayList<>(List.of(
        "-p", environment.qualifiedName(), "-f", file.toString(), "--project-directory", environment.project().baseDir().toString()));
    args.addAll(command);
    return args;
  }

  /**
   * The service's containers, stopped ones included.
   *
   * @throws TargetFailure unreachable when the engine stops answering: read as "no containers", a
   *     health wait would blame the service and wait out its whole deadline
   */
  List<Container> containers(String service) {
    ComposeCli.Result ps = run(List.of("ps", "-a", "--format", "json", service), 60);
    if (!ps.ok() && ComposeCli.saysUnreachable(ps.output())) {
      throw ComposeCli.engineUnreachable(cli.describe());
    }
    List<Container> containers = new ArrayList<>();
    for (JsonNode node : parseJsonLines(ps.output())) {
      if (!service.equals(node.path("Service").asText())) {
        continue;
      }
      String name = node.path("Name").asText();
      Matcher number = CONTAINER_NUMBER.matcher(name);
      String state = node.path("State").asText();
      containers.add(new Container(node.path("ID").asText(), name, number.find() ? Integer.parseInt(number.group(1)) : 1,
          state, node.path("Status").asText(state), labels(node.path("Labels"))));
    }
    return containers;
  }

  /** The hash Compose gives the service's current config, which its containers carry as a label; empty when this CLI cannot tell. */
  Optional<String> configHash(String service) {
    ComposeCli.Result hash = run(List.of("config", "--hash", service), 60);
    if (!hash.ok()) {
      return Optional.empty();
    }
    return hash.output().lines().map(String::strip).filter(l -> l.startsWith(service + " "))
        .map(l -> l.substring(service.length()).strip()).findFirst();
  }

  /**
   * Stops (gracefully, as {@code compose stop} would) and removes these containers through the
   * engine's own CLI: Compose can only scale a service down by its own choice of containers.
   */
  void remove(List<Container> containers) {
    if (containers.isEmpty()) {
      return;
    }
    List<String> ids = containers.stream().map(Container::id).toList();
    List<String> stop = new ArrayList<>(List.of("stop", "-t", "10"));
    stop.addAll(ids);
    cli.engine(environment.project().baseDir(), stop, 120);
    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
    rm.addAll(ids);
    ComposeCli.Result removed = cli.engine(environment.project().baseDir(), rm, 120);
    if (!removed.ok()) {
      throw new TargetFailure("could not remove the old containers " + ids + ": " + lastLine(removed.output())
          + ": remove them with the engine's rm -f and deploy again", false);
    }
  }

  String logsOf(Container container, int lines) {
    return cli.engine(environment.project().baseDir(), List.of("logs", "--tail", String.valueOf(lines), container.id()), 60).output();
  }

  private static Map<String, String> labels(JsonNode labels) {
    Map<String, String> out = new LinkedHashMap<>();
    if (labels.isObject()) {
      labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    } else {
      // Compose v2 prints them as one "key=value,key=value" string.
      for (String pair : labels.asText().split(",")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          out.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
      }
    }
    return out;
  }

  static List<JsonNode> parseJsonLines(String output) {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : output.lines().map(String::strip).filter(l -> l.startsWith("{") || l.startsWith("[")).toList()) {
      try {
        JsonNode node = json.readTree(line);
        if (node.isArray()) {
          node.forEach(nodes::add);
        } else {
          nodes.add(node);
        }
      } catch (IOException e) {
        // a warning line that happens to start with a brace; not a container
      }
    }
    return nodes;
  }

  static String lastLine(String output) {
    return output.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("no output");
  }
}
