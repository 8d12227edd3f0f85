package dev.slipway.cli.init;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The deploy script {@code slipway init} will write, in Slipway's terms, before it is Groovy text.
 * Every {@code comment} is a line the user reads above what it explains ("" for none): where a
 * value came from, or what changed in the translation.
 *
 * @param project the project name, a DNS label
 * @param origin what the draft was made from, e.g. {@code compose.yaml}
 * @param notes comments at the top of the script: what was not translated outside any service
 * @param publishesOnAllInterfaces whether the original published ports on every interface, which
 *     Slipway's Compose target does not do unless told
 * @param untranslated everything left out, for the terminal as well as the comments
 */
record Draft(
    String project,
    String origin,
    List<String> notes,
    List<Service> services,
    boolean publishesOnAllInterfaces,
    List<Untranslated> untranslated) {

  Draft {
    notes = List.copyOf(notes);
    services = List.copyOf(services);
    untranslated = List.copyOf(untranslated);
  }

  Draft withServices(List<Service> replaced) {
    return new Draft(project, origin, notes, replaced, publishesOnAllInterfaces, untranslated);
  }

  /**
   * Something of the original with no place in the script.
   *
   * @param service the service it belongs to, "" for the file's top level
   * @param key the key as the original wrote it, e.g. {@code privileged} or {@code deploy.placement}
   * @param summary its value, shortened
   * @param location where it was written, {@code compose.yaml:12:5}
   */
  record Untranslated(String service, String key, String summary, String location) {

    /** The comment line in the script. */
    String comment() {
      return "not translated: " + key + ": " + summary;
    }
  }

  /**
   * @param notes comments at the top of the service block
   * @param untranslated comments at its end, one per key left out
   * @param devMounts host directories mounted in the {@code dev} environment only
   */
  record Service(
      String name,
      List<String> notes,
      Build build,
      Optional<Words> command,
      Optional<Words> entrypoint,
      List<Port> ports,
      List<Env> env,
      List<String> envFiles,
      List<Secret> secrets,
      List<Volume> volumes,
      List<ProjectFile> files,
      List<String> networks,
      Optional<Health> health,
      List<Dependency> dependsOn,
      Optional<String> stopSignal,
      Optional<String> restart,
      OptionalInt replicas,
      Optional<String> cpu,
      Optional<String> memory,
      List<Mount> devMounts,
      List<String> untranslated) {

    Service {
      notes = List.copyOf(notes);
      ports = List.copyOf(ports);
      env = List.copyOf(env);
      envFiles = List.copyOf(envFiles);
      secrets = List.copyOf(secrets);
      volumes = List.copyOf(volumes);
      files = List.copyOf(files);
      networks = List.copyOf(networks);
      dependsOn = List.copyOf(dependsOn);
      devMounts = List.copyOf(devMounts);
      untranslated = List.copyOf(untranslated);
    }

    Service withBuild(Build replaced) {
      return new Service(name, notes, replaced, command, entrypoint, ports, env, envFiles, secrets, volumes, files, networks, health, dependsOn,
          stopSignal, restart, replicas, cpu, memory, devMounts, untranslated);
    }
  }

  /** Where a service's image comes from: exactly one of these, as in the DSL. */
  sealed interface Build {}

  record Image(ConfigValue reference, String comment) implements Build {}

  /**
   * @param dockerfile relative to the script
   * @param context relative to the script; empty when it is the Dockerfile's directory
   */
  record DockerfileBuild(String dockerfile, Optional<String> context, Map<String, ConfigValue> args, Optional<String> target, String comment)
      implements Build {
    public DockerfileBuild {
      args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }
  }

  /**
   * @param source the application directory, relative to the script
   * @param authorCommand what the original ran, as one shell line, with where it came from; empty
   *     when nothing said
   * @param command what the script says: decided by {@link StartCommands} (empty when Slipway's
   *     own detection gives the author's command)
   * @param notes comments inside the block, e.g. Dockerfile steps a Python build does not repeat
   */
  record Python(
      String source,
      Optional<String> version,
      Optional<String> requirements,
      Optional<AuthorCommand> authorCommand,
      Optional<String> command,
      String commandComment,
      List<String> notes)
      implements Build {
    public Python {
      notes = List.copyOf(notes);
    }

    Python withCommand(Optional<String> decided, String comment) {
      return new Python(source, version, requirements, authorCommand, decided, comment, notes);
    }
  }

  /** @param origin e.g. {@code the Dockerfile's CMD} */
  record AuthorCommand(String line, String origin) {}

  /** A command as the original wrote it: one string, split like a shell would, or a list of words. */
  sealed interface Words {}

  record Line(String line) implements Words {}

  record WordList(List<String> words) implements Words {
    public WordList {
      words = List.copyOf(words);
    }
  }

  /**
   * @param published the host port; empty when it is the container port
   * @param exposed reachable by other services only ({@code expose})
   */
  record Port(int container, OptionalInt published, boolean exposed, Optional<String> name, String comment) {}

  record Env(String name, ConfigValue value, String comment) {}

  record Secret(String name, Optional<String> fromEnv, Optional<String> fromFile, String comment) {}

  record Volume(String name, String path, String comment) {}

  record ProjectFile(String source, String target, String comment) {}

  record Mount(String source, String target, boolean readOnly, String comment) {}

  record Dependency(String service, String comment) {}

  /** Seconds, as the DSL takes them; empty means the original did not say (or, for the deadline, Slipway's default serves). */
  record Health(Check check, OptionalInt interval, OptionalInt timeout, OptionalInt retries, OptionalInt startPeriod, OptionalInt deadline, String comment) {}

  sealed interface Check {}

  record CommandCheck(String command) implements Check {}

  /** @param port 0 for the service's first port */
  record HttpCheck(String path, int port) implements Check {}
}
