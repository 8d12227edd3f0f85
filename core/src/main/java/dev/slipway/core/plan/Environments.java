package dev.slipway.core.plan;

import dev.slipway.core.detect.Dependencies;
import dev.slipway.core.detect.ListenCheck;
import dev.slipway.core.detect.ServerOptions;
import dev.slipway.core.detect.StartCommand;
import dev.slipway.core.detect.StartCommandDetector;
import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.model.Environment;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServicePatch;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.problem.Suggestions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Turns a project and an environment name into the services and target that environment gets. */
public final class Environments {

  private Environments() {}

  /** Names the user may pass to {@code --env}: those declared, or the implicit {@code dev}. */
  public static List<String> names(Project project) {
    return project.environments().isEmpty()
        ? List.of(Project.IMPLICIT_ENVIRONMENT)
        : project.environments().stream().map(Environment::name).toList();
  }

  /**
   * The environment as it deploys, with every default decided once: overrides applied, health
   * ports filled in ({@link ResolvedEnvironment}), and each Python build's dependency file and
   * start command detected from its sources, with the reason. Nothing downstream detects again.
   *
   * @throws InvalidInputException located at the script, e.g. a start command that cannot be
   *     detected
   */
  public static ResolvedEnvironment resolve(Project project, String name) {
    return decide(overridden(project, name));
  }

  /** {@link #resolve} of an environment whose overrides are already applied ({@link #overridden}). */
  public static ResolvedEnvironment decide(ResolvedEnvironment overridden) {
    Project project = overridden.project();
    List<Problem> problems = new ArrayList<>();
    List<Service> services = new ArrayList<>();
    for (Service service : overridden.services()) {
      Service withFiles = service;
      try {
        EnvFileReader.Values fromFiles = EnvFileReader.read(project.baseDir(), service.envFiles());
        withFiles = service.withFileEnv(fromFiles.values(), fromFiles.lines());
      } catch (InvalidInputException e) {
        e.problems().forEach(problem -> problems.add(new Problem(problem.location(), "service '" + service.name() + "': " + problem.message())));
      }
      Service decided = withFiles;
      services.add(decided.resolved(decided.python().map(python -> decide(project, decided, python, problems)), decided.health()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new ResolvedEnvironment(project, overridden.name(), overridden.target(), services);
  }

  /** Where detected servers listen when the service declares no port, as their own defaults do. */
  static final int DEFAULT_PORT = 8000;

  /**
   * Decides a build's dependency file and start command, with the server settings applied and
   * checked against where the service listens. A build whose source directory or named
   * dependency file is missing gets no decision here: the service rules report those.
   */
  private static PythonBuild decide(Project project, Service service, PythonBuild python, List<Problem> problems) {
    Path baseDir = project.baseDir();
    Path source = baseDir.resolve(python.source());
    if (python.requirements().isPresent() && !Files.isRegularFile(baseDir.resolve(python.requirements().get()))) {
      return python;
    }
    Optional<DependencyFile> dependencies =
        python.requirements().isPresent()
            ? python.requirements().flatMap(r -> DependencyFile.kindOf(r).map(kind -> new DependencyFile(r, kind, false)))
            : DependencyFile.detect(baseDir, python.source());
    Dependencies installed = dependencies.map(d -> Dependencies.of(d, baseDir)).orElse(Dependencies.NONE);
    int port = service.primaryPort().map(Port::container).orElse(DEFAULT_PORT);
    String named = "service '" + service.name() + "': ";
    Optional<StartCommand> command = python.command().map(c -> StartCommand.authors(c, "given in " + python.location()));
    if (command.isEmpty() && Files.isDirectory(source)) {
      StartCommandDetector.Detection detection = StartCommandDetector.detect(source, port, installed);
      command = detection.command();
      if (command.isEmpty()) {
        problems.add(new Problem(python.location(), named + "cannot tell how to start it; looked in '" + python.source() + "/' for "
            + String.join("; ", detection.searched()) + ": add `command '...'` to its python { } block"));
      }
    }
    if (command.isEmpty()) {
      return python;
    }
    ServerOptions.Applied applied =
        ServerOptions.apply(
            command.get(),
            python.workers().map(w -> OptionalInt.of(w.value())).orElse(OptionalInt.empty()),
            python.timeout().map(t -> OptionalInt.of(t.value())).orElse(OptionalInt.empty()),
            installed);
    applied.workersProblem().ifPresent(p -> problems.add(new Problem(python.workers().orElseThrow().location(), named + p)));
    applied.timeoutProblem().ifPresent(p -> problems.add(new Problem(python.timeout().orElseThrow().location(), named + p)));
    StartCommand start = applied.command();
    if (Files.isDirectory(source)) {
      List<Integer> ports = service.ports().stream().map(Port::container).toList();
      for (ListenCheck.Finding finding : ListenCheck.check(source, start.importRoot(), start.command(), ports)) {
        SourceLocation where = finding.kind() == ListenCheck.Kind.PORT ? service.primaryPort().orElseThrow().location() : python.location();
        problems.add(new Problem(where, named + "nothing would answer on its port: " + finding.message()));
      }
    }
    return python.resolved(new PythonBuild.Resolution(
        dependencies.map(DependencyFile::path), dependencies.map(DependencyFile::detected).orElse(false), start.command(), start.reason(),
        start.warnings(), port, start.importRoot()));
  }

  /**
   * The environment with its overrides applied and nothing decided yet: what the service rules
   * check again, since an override can break what the base service had right.
   */
  public static ResolvedEnvironment overridden(Project project, String name) {
    if (project.environments().isEmpty() && name.equals(Project.IMPLICIT_ENVIRONMENT)) {
      TargetSpec compose = new TargetSpec("compose", Map.of(), project.location());
      return new ResolvedEnvironment(project, name, compose, project.services());
    }
    Environment environment = project.environment(name).orElseThrow(() -> unknown(project, name));
    List<Environment> chain = chain(project, environment);
    Optional<TargetSpec> target = Optional.empty();
    Map<String, ServicePatch> patches = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (Environment link : chain) {
      if (link.target().isPresent()) {
        target = link.target();
      }
      for (ServicePatch patch : link.overrides()) {
        if (project.service(patch.service()).isEmpty()) {
          List<String> names = project.services().stream().map(Service::name).toList();
          problems.add(
              new Problem(
                  patch.location(),
                  "environment '" + link.name() + "' overrides service '" + patch.service()
                      + "', which is not defined" + Suggestions.didYouMean(patch.service(), names)));
          continue;
        }
        patches.merge(patch.service(), patch, ServicePatch::then);
      }
    }
    if (target.isEmpty()) {
      problems.add(
          new Problem(
              environment.location(),
              "environment '" + name + "' has no target: add `target compose()` or `target kubernetes(namespace: '...')`"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    List<Service> services =
        project.services().stream()
            .map(s -> patches.containsKey(s.name()) ? s.with(patches.get(s.name())) : s)
            .toList();
    return new ResolvedEnvironment(project, name, target.get(), services);
  }

  /** The environment and those it extends, base first. */
  private static List<Environment> chain(Project project, Environment environment) {
    List<Environment> chain = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    Environment current = environment;
    while (true) {
      if (seen.contains(current.name())) {
        throw cycle(project, seen.subList(seen.indexOf(current.name()), seen.size()));
      }
      seen.add(current.name());
      chain.add(0, current);
      if (current.extendsFrom().isEmpty()) {
        return chain;
      }
      String parent = current.extendsFrom().get();
      Environment child = current;
      current =
          project.environment(parent)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          child.location(),
                          "environment '" + child.name() + "' extends '" + parent + "', which is not defined"
                              + Suggestions.didYouMean(parent, names(project))));
    }
  }

  /**
   * One cycle, told the same way from whichever environment it was reached: from its member
   * declared first and at that one's line, so resolving every environment reports it once.
   *
   * @param members the environments in the cycle, each extending the next and the last the first
   */
  private static InvalidInputException cycle(Project project, List<String> members) {
    Environment first = project.environments().stream().filter(e -> members.contains(e.name())).findFirst().orElseThrow();
    int start = members.indexOf(first.name());
    List<String> path = new ArrayList<>(members.subList(start, members.size()));
    path.addAll(members.subList(0, start));
    path.add(first.name());
    return new InvalidInputException(first.location(), "environments extend each other in a cycle: " + String.join(" -> ", path));
  }

  private static InvalidInputException unknown(Project project, String name) {
    SourceLocation where = new SourceLocation(project.script().file(), 0, 0);
    return new InvalidInputException(
        where,
        "environment '" + name + "' is not defined" + Suggestions.didYouMean(name, names(project))
            + "; defined: " + String.join(", ", names(project)));
  }
}
