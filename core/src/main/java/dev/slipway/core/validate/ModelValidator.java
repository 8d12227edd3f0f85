package dev.slipway.core.validate;

import dev.slipway.core.build.BaseImages;
import dev.slipway.core.detect.StartCommandDetector;
import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.model.Autoscale;
import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.Environment;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.Resources;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.Stage;
import dev.slipway.core.model.Volume;
import dev.slipway.core.plan.Environments;
import dev.slipway.core.plan.ResolvedEnvironment;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.problem.Suggestions;
import dev.slipway.core.target.Target;
import dev.slipway.core.target.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a whole project before anything is planned, and reports every problem at once, each
 * with where it was written and how to fix it.
 */
public final class ModelValidator {

  private final Targets targets;

  public ModelValidator(Targets targets) {
    this.targets = targets;
  }

  /** Throws {@link InvalidInputException} listing every problem, or returns when there is none. */
  public void check(Project project) {
    List<Problem> problems = validate(project);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  public List<Problem> validate(Project project) {
    List<Problem> problems = new ArrayList<>();
    Set<Finding> reported = new HashSet<>();
    checkProject(project, problems);
    Map<String, Service> byName = new LinkedHashMap<>();
    for (Service service : project.services()) {
      Service earlier = byName.putIfAbsent(service.name(), service);
      if (earlier != null) {
        problems.add(
            new Problem(
                service.location(),
                "service '" + service.name() + "' is defined twice (first at line " + earlier.location().line()
                    + "): rename one or merge them"));
        continue;
      }
      checkService(project, service, new ServiceReport(service, "service '" + service.name() + "'", reported, problems));
    }
    checkDependencies(project, byName, problems);
    checkEnvironments(project, reported, problems);
    checkPipeline(project, problems);
    return problems;
  }

  private void checkProject(Project project, List<Problem> problems) {
    if (project.name() == null || project.name().isBlank()) {
      problems.add(new Problem(firstLine(project), "the project has no name: add `project 'my-app'` at the top"));
    } else if (!Names.isDnsLabel(project.name())) {
      problems.add(
          new Problem(
              project.location(),
              "project name '" + project.name() + "' is not a valid DNS-1123 label (lower-case letters, digits and '-', "
                  + "at most 63): try '" + Names.toDnsLabel(project.name()) + "'"));
    }
    project.registry()
        .filter(registry -> !ImageReference.isRepositoryPrefix(registry))
        .ifPresent(
            registry ->
                problems.add(
                    new Problem(
                        project.location(),
                        "registry '" + registry + "' is not a valid image repository, e.g. 'localhost:5000/shop' or 'ghcr.io/acme'")));
    if (project.services().isEmpty()) {
      problems.add(new Problem(firstLine(project), "the project defines no service: add `service('web') { ... }`"));
    }
  }

  private static SourceLocation firstLine(Project project) {
    return new SourceLocation(project.script().file(), 1, 0);
  }

  private void checkService(Project project, Service service, ServiceReport report) {
    if (!Names.isDnsLabel(service.name())) {
      report.add(
          service.location(),
          ": the name is not a valid DNS-1123 label (lower-case letters, digits and '-', at most 63): try '"
              + Names.toDnsLabel(service.name()) + "'");
    }
    if (service.python().isPresent() && service.image().isPresent()) {
      report.add(service.origin("image"), " has both python { } and image: keep one (python builds an image)");
    } else if (service.python().isEmpty() && service.image().isEmpty()) {
      report.add(service.location(), " has neither python { } nor image '...': say how to get its image");
    }
    service.python().ifPresent(python -> checkPython(project, service, python, report));
    service.image()
        .filter(image -> ImageReference.parse(image).isEmpty())
        .ifPresent(
            image ->
                report.add(
                    service.origin("image"),
                    ": image '" + image + "' is not a valid image reference, e.g. 'postgres:16' or 'ghcr.io/acme/api:1.2'"));
    checkPorts(service.ports(), report);
    service.health().ifPresent(health -> checkHealth(service, health, report));
    for (String key : service.env().keySet()) {
      if (!Names.isEnvironmentVariable(key)) {
        report.add(service.envOrigin(key), ": env '" + key + "' is not a valid variable name (letters, digits, '_')");
      }
    }
    checkSecrets(service.secrets(), report);
    Set<String> volumeNames = new HashSet<>();
    for (Volume volume : service.volumes()) {
      if (!Names.isDnsLabel(volume.name())) {
        report.add(
            volume.location(),
            ": volume name '" + volume.name() + "' is not a valid DNS-1123 label: try '" + Names.toDnsLabel(volume.name()) + "'");
      }
      if (!volume.path().startsWith("/")) {
        report.add(volume.location(), ": volume '" + volume.name() + "' must mount at an absolute path, not '" + volume.path() + "'");
      }
      if (!Names.isMemoryQuantity(volume.size())) {
        report.add(volume.location(), ": volume size '" + volume.size() + "' is not a quantity like '10Gi'");
      }
      if (!volumeNames.add(volume.name())) {
        report.add(volume.location(), " mounts volume '" + volume.name() + "' twice");
      }
    }
    service.test().ifPresent(test -> {
      if (service.python().isEmpty()) {
        report.add(test.location(), " has tests but no python { } build to test");
      }
      for (String path : test.pytestPaths()) {
        if (!Files.exists(project.baseDir().resolve(path))) {
          report.add(test.location(), ": pytest path '" + path + "' does not exist (relative to " + project.script().file() + ")");
        }
      }
    });
    checkScaling(service.replicas(), service.origin("replicas"), service.autoscale(), service.resources(), report);
    if (!List.of("no", "always", "on-failure", "unless-stopped").contains(service.restart())) {
      report.add(
          service.origin("restart"),
          ": restart '" + service.restart() + "' is not one of no, always, on-failure, unless-stopped"
              + Suggestions.didYouMean(service.restart(), List.of("no", "always", "on-failure", "unless-stopped")));
    }
  }

  private void checkPython(Project project, Service service, PythonBuild python, ServiceReport report) {
    if (!Names.isPythonVersion(python.version())) {
      report.add(python.location(), ": python version '" + python.version() + "' is not like '3.12'");
    }
    python.baseImage().ifPresent(image -> {
      if (BaseImages.isTar(image)) {
        Path archive = BaseImages.tarPath(image, project.baseDir());
        if (!Files.isRegularFile(archive)) {
          report.add(python.location(), ": baseImage archive " + archive + " does not exist (tar: names a docker-save file)");
        }
      } else if (ImageReference.parse(BaseImages.isEngine(image) ? BaseImages.engineName(image) : image).isEmpty()) {
        report.add(python.location(), ": baseImage '" + image + "' is not a valid image reference");
      }
    });
    Path source = project.baseDir().resolve(python.source());
    if (!Files.isDirectory(source)) {
      report.add(
          python.location(),
          ": source directory '" + python.source() + "' does not exist (relative to " + project.script().file() + ")");
      return;
    }
    Optional<DependencyFile> dependencies = Optional.empty();
    if (python.requirements().isPresent()) {
      String requirements = python.requirements().get();
      if (!Files.isRegularFile(project.baseDir().resolve(requirements))) {
        report.add(
            python.location(),
            ": requirements file '" + requirements + "' does not exist (relative to " + project.script().file() + ")");
      } else if (DependencyFile.kindOf(requirements).isEmpty()) {
        report.add(
            python.location(),
            ": requirements '" + requirements + "' is not a requirements .txt, pyproject.toml, uv.lock or poetry.lock");
      } else {
        dependencies = Optional.of(new DependencyFile(requirements, DependencyFile.kindOf(requirements).get(), false));
      }
    } else {
      dependencies = DependencyFile.detect(project.baseDir(), python.source());
    }
    if (python.command().isEmpty()) {
      int port = service.primaryPort().map(Port::container).orElse(8000);
      Set<String> packages = dependencies.map(d -> d.packageNames(project.baseDir())).orElse(Set.of());
      if (StartCommandDetector.detect(source, port, packages).isEmpty()) {
        report.add(
            python.location(),
            ": cannot tell how to start it (no Procfile, Django, FastAPI, Flask, main.py or app.py in '"
                + python.source() + "'): add `command '...'` to its python { } block");
      }
    }
  }

  private static void checkPorts(List<Port> ports, ServiceReport report) {
    Set<Integer> seen = new HashSet<>();
    for (Port port : ports) {
      for (int number : List.of(port.container(), port.published())) {
        if (number < 1 || number > 65535) {
          report.add(port.location(), ": port " + number + " is outside 1-65535");
        }
      }
      if (!seen.add(port.container())) {
        report.add(port.location(), " declares port " + port.container() + " twice");
      }
    }
  }

  private static void checkHealth(Service service, HealthCheck health, ServiceReport report) {
    SourceLocation where = service.origin("health");
    if (health instanceof HealthCheck.Http http) {
      if (!http.path().startsWith("/")) {
        report.add(where, ": health http path '" + http.path() + "' must start with '/'");
      }
      if (http.port() == 0 && service.ports().isEmpty()) {
        report.add(where, ": health http('" + http.path() + "') needs a port: add `port 8000` or http('/healthz', 8000)");
      }
      if (http.port() < 0 || http.port() > 65535) {
        report.add(where, ": health port " + http.port() + " is outside 1-65535");
      }
    } else if (health instanceof HealthCheck.Tcp tcp) {
      if (tcp.port() < 1 || tcp.port() > 65535) {
        report.add(where, ": health tcp port " + tcp.port() + " is outside 1-65535");
      }
    } else if (health instanceof HealthCheck.Command command && command.command().isBlank()) {
      report.add(where, ": health command is empty");
    }
    if (health.deadline().isNegative() || health.deadline().isZero()) {
      report.add(where, ": health timeout must be positive");
    }
  }

  private static void checkSecrets(List<SecretRef> secrets, ServiceReport report) {
    Set<String> names = new HashSet<>();
    for (SecretRef secret : secrets) {
      if (!Names.isEnvironmentVariable(secret.name())) {
        report.add(secret.location(), ": secret name '" + secret.name() + "' is not a valid variable name (letters, digits, '_')");
      }
      if (secret.fromEnv().isPresent() == secret.fromFile().isPresent()) {
        report.add(secret.location(), ": secret '" + secret.name() + "' needs exactly one source: fromEnv: 'VAR' or fromFile: 'path'");
      }
      if (!names.add(secret.name())) {
        report.add(secret.location(), " declares secret '" + secret.name() + "' twice");
      }
    }
  }

  private static void checkScaling(
      int replicas,
      SourceLocation replicasAt,
      Optional<Autoscale> autoscale,
      Optional<Resources> resources,
      ServiceReport report) {
    if (replicas < 0) {
      report.add(replicasAt, ": replicas must be 0 or more, not " + replicas);
    }
    autoscale.ifPresent(a -> {
      if (a.min() < 1 || a.max() < a.min()) {
        report.add(a.location(), ": autoscale needs 1 <= min <= max, got min " + a.min() + ", max " + a.max());
      }
      if (a.cpuPercent() < 1 || a.cpuPercent() > 100) {
        report.add(a.location(), ": autoscale cpu must be a percentage 1-100, not " + a.cpuPercent());
      }
    });
    resources.ifPresent(r -> {
      r.cpu()
          .filter(cpu -> !Names.isCpuQuantity(cpu))
          .ifPresent(cpu -> report.add(r.location(), ": cpu '" + cpu + "' is not a quantity like '500m' or '2'"));
      r.memory()
          .filter(memory -> !Names.isMemoryQuantity(memory))
          .ifPresent(memory -> report.add(r.location(), ": memory '" + memory + "' is not a quantity like '512Mi' or '1Gi'"));
    });
  }

  private static void checkDependencies(Project project, Map<String, Service> byName, List<Problem> problems) {
    boolean allKnown = true;
    for (Service service : byName.values()) {
      for (Dependency dependency : service.dependsOn()) {
        if (dependency.service().equals(service.name())) {
          problems.add(new Problem(dependency.location(), "service '" + service.name() + "' depends on itself"));
          allKnown = false;
        } else if (!byName.containsKey(dependency.service())) {
          problems.add(
              new Problem(
                  dependency.location(),
                  "service '" + service.name() + "' dependsOn '" + dependency.service() + "', which is not defined"
                      + Suggestions.didYouMean(dependency.service(), byName.keySet())));
          allKnown = false;
        }
      }
    }
    if (allKnown) {
      findCycle(byName).ifPresent(problems::add);
    }
  }

  /** The first dependency cycle, printed as {@code a -> b -> a}. */
  private static Optional<Problem> findCycle(Map<String, Service> byName) {
    Map<String, Integer> state = new HashMap<>();
    for (String start : byName.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      Optional<List<String>> cycle = visit(start, byName, state, path);
      if (cycle.isPresent()) {
        List<String> names = cycle.get();
        Service first = byName.get(names.get(0));
        SourceLocation where =
            first.dependsOn().stream().filter(d -> d.service().equals(names.get(1))).findFirst().map(Dependency::location).orElse(first.location());
        return Optional.of(
            new Problem(where, "services depend on each other in a cycle: " + String.join(" -> ", names) + "; remove one dependsOn"));
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> visit(
      String name, Map<String, Service> byName, Map<String, Integer> state, Deque<String> path) {
    Integer seen = state.get(name);
    if (seen != null && seen == 2) {
      return Optional.empty();
    }
    if (seen != null && seen == 1) {
      List<String> cycle = new ArrayList<>();
      boolean inCycle = false;
      for (String step : path) {
        inCycle |= step.equals(name);
        if (inCycle) {
          cycle.add(step);
        }
      }
      cycle.add(name);
      return Optional.of(cycle);
    }
    state.put(name, 1);
    path.addLast(name);
    for (Dependency dependency : byName.get(name).dependsOn()) {
      Optional<List<String>> cycle = visit(dependency.service(), byName, state, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.removeLast();
    state.put(name, 2);
    return Optional.empty();
  }

  private void checkEnvironments(Project project, Set<Finding> reported, List<Problem> problems) {
    Set<String> names = new HashSet<>();
    for (Environment environment : project.environments()) {
      if (!names.add(environment.name())) {
        problems.add(new Problem(environment.location(), "environment '" + environment.name() + "' is defined twice"));
        continue;
      }
      if (!Names.isDnsLabel(environment.name())) {
        problems.add(
            new Problem(
                environment.location(),
                "environment name '" + environment.name() + "' is not a valid DNS-1123 label: try '" + Names.toDnsLabel(environment.name()) + "'"));
      }
      environment.target().ifPresent(spec -> {
        Optional<Target> target = targets.forSpec(spec);
        if (target.isEmpty()) {
          problems.add(
              new Problem(
                  spec.location(),
                  "environment '" + environment.name() + "': no target '" + spec.type() + "' is installed"
                      + Suggestions.didYouMean(spec.type(), targets.types()) + "; available: " + String.join(", ", targets.types())));
        } else {
          problems.addAll(target.get().validate(spec));
        }
      });
    }
    for (String name : Environments.names(project)) {
      try {
        ResolvedEnvironment resolved = Environments.resolve(project, name);
        targets.forSpec(resolved.target()).ifPresent(target ->
            target.validate(resolved).stream().filter(p -> !problems.contains(p)).forEach(problems::add));
        checkResolvedServices(project, resolved, reported, problems);
      } catch (InvalidInputException e) {
        e.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
      }
    }
  }

  /**
   * An override can break what the base service had right ({@code restart 'sometimes'} only in
   * prod), so each environment's services go through every service rule again. What they inherit
   * unchanged was already reported at the base service's line and is skipped.
   */
  private void checkResolvedServices(
      Project project, ResolvedEnvironment resolved, Set<Finding> reported, List<Problem> problems) {
    Set<String> checked = new HashSet<>();
    for (Service service : resolved.services()) {
      // A service defined twice is reported once as such; its second definition is not checked.
      boolean first = checked.add(service.name());
      if (first && service != project.service(service.name()).orElseThrow()) {
        String subject = "service '" + service.name() + "' in environment '" + resolved.name() + "'";
        checkService(project, service, new ServiceReport(service, subject, reported, problems));
      }
    }
  }

  /** A rule broken by one service at one place, whichever environment it was found through. */
  private record Finding(String service, SourceLocation where, String detail) {}

  /**
   * Where one service's problems go, each written as its subject ({@code service 'api'}, or
   * {@code service 'api' in environment 'prod'}) followed by the detail. A finding already
   * reported is dropped, so one bad line yields one error.
   */
  private static final class ServiceReport {
    private final String service;
    private final String subject;
    private final Set<Finding> reported;
    private final List<Problem> problems;

    ServiceReport(Service service, String subject, Set<Finding> reported, List<Problem> problems) {
      this.service = service.name();
      this.subject = subject;
      this.reported = reported;
      this.problems = problems;
    }

    /** @param detail the message after the subject, e.g. {@code ": restart 'x' is not one of ..."} */
    void add(SourceLocation where, String detail) {
      if (reported.add(new Finding(service, where, detail))) {
        problems.add(new Problem(where, subject + detail));
      }
    }
  }

  private static void checkPipeline(Project project, List<Problem> problems) {
    Set<String> stageNames = new HashSet<>();
    for (Stage stage : project.pipeline().stages()) {
      if (!stageNames.add(stage.name())) {
        problems.add(new Problem(stage.location(), "stage '" + stage.name() + "' is defined twice"));
      }
      if (stage.actions().isEmpty()) {
        problems.add(
            new Problem(stage.location(), "stage '" + stage.name() + "' does nothing: add buildImages(), runTests() or deploy()"));
      }
    }
    if (project.pipeline().declared() && project.pipeline().stages().isEmpty()) {
      problems.add(new Problem(firstLine(project), "pipeline { } has no stage: add stage('deploy') { deploy() } or remove the block"));
    }
  }
}
