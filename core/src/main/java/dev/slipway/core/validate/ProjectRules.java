package dev.slipway.core.validate;

import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.OneOffRun;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.Stage;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.problem.Suggestions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The rules for the project as a whole: its name and registry, how its services depend on each other, its pipeline. */
final class ProjectRules {

  private ProjectRules() {}

  static void checkProject(Project project, List<Problem> problems) {
    if (project.name() == null || project.name().isBlank()) {
      problems.add(new Problem(firstLine(project), "the project has no name: add `project 'my-app'` at the top"));
    } else if (!Names.isDnsLabel(project.name())) {
      problems.add(
          new Problem(
              project.location(),
              "project name '" + project.name() + "' is not a valid DNS-1123 label" + Names.dnsLabelHint(project.name())));
    }
    project.registry().ifPresent(registry -> ImageReference.portOutOfRange(registry).ifPresent(port ->
        problems.add(
            new Problem(
                project.location(),
                "registry '" + registry + "' has port " + port + ", outside 1-65535: use the port the registry listens on, e.g. 'localhost:5000/shop'"))));
    project.registry()
        .filter(registry -> !ImageReference.isRepositoryPrefix(registry) && ImageReference.portOutOfRange(registry).isEmpty())
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

  static Problem definedTwice(Service service, Service earlier) {
    return new Problem(
        service.location(),
        "service '" + service.name() + "' is defined twice (first at line " + earlier.location().line() + "): rename one or merge them");
  }

  /** @param byName each service's first definition */
  static void checkDependencies(Map<String, Service> byName, List<Problem> problems) {
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

  static void checkPipeline(Project project, List<Problem> problems) {
    Set<String> stageNames = new HashSet<>();
    for (Stage stage : project.pipeline().stages()) {
      if (!stageNames.add(stage.name())) {
        problems.add(new Problem(stage.location(), "stage '" + stage.name() + "' is defined twice"));
      }
      if (stage.actions().isEmpty()) {
        problems.add(new Problem(stage.location(),
            "stage '" + stage.name() + "' does nothing: add buildImages(), runTests(), deploy() or run service: '...', command: '...'"));
      }
      checkRuns(project, stage, problems);
    }
    if (project.pipeline().declared() && project.pipeline().stages().isEmpty()) {
      problems.add(new Problem(firstLine(project), "pipeline { } has no stage: add stage('deploy') { deploy() } or remove the block"));
    }
  }

  /**
   * A run names a service every environment has (environments override services, they never drop
   * one) and one non-empty command; one run per service and stage, since its step is named after
   * both.
   */
  private static void checkRuns(Project project, Stage stage, List<Problem> problems) {
    List<String> services = project.services().stream().map(Service::name).toList();
    Set<String> run = new HashSet<>();
    for (OneOffRun oneOff : stage.actions().stream().filter(OneOffRun.class::isInstance).map(OneOffRun.class::cast).toList()) {
      String subject = "stage '" + stage.name() + "': run service: '" + oneOff.service() + "'";
      if (!services.contains(oneOff.service())) {
        problems.add(new Problem(oneOff.location(), subject + " names no service of the project"
            + Suggestions.didYouMean(oneOff.service(), services) + "; services: " + String.join(", ", services)));
      }
      if (oneOff.command().isBlank()) {
        problems.add(new Problem(oneOff.location(), subject + " has an empty command: give the shell command to run, e.g. command: 'python manage.py migrate'"));
      }
      oneOff.timeout().filter(timeout -> timeout.isNegative() || timeout.isZero()).ifPresent(timeout ->
          problems.add(new Problem(oneOff.location(), subject + ": timeout must be a positive number of seconds, e.g. timeout: 300")));
      if (!run.add(oneOff.service())) {
        problems.add(new Problem(oneOff.location(), subject + " is given twice in the stage: join the commands with && or put the second in a stage of its own"));
      }
    }
  }
}
