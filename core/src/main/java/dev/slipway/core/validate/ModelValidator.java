package dev.slipway.core.validate;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.Targets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a whole project before anything is planned, and reports every problem at once, each
 * with where it was written and how to fix it. The rules themselves are in {@link ProjectRules},
 * {@link ServiceRules} and {@link EnvironmentRules}.
 */
public final class ModelValidator {

  private final EnvironmentRules environmentRules;

  public ModelValidator(Targets targets) {
    this.environmentRules = new EnvironmentRules(targets);
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
    Set<ServiceReport.Finding> reported = new HashSet<>();
    ProjectRules.checkProject(project, problems);
    Map<String, Service> byName = new LinkedHashMap<>();
    for (Service service : project.services()) {
      Service earlier = byName.putIfAbsent(service.name(), service);
      if (earlier != null) {
        problems.add(ProjectRules.definedTwice(service, earlier));
        continue;
      }
      ServiceRules.check(project, service, new ServiceReport(service, "service '" + service.name() + "'", reported, problems));
    }
    ProjectRules.checkDependencies(byName, problems);
    environmentRules.check(project, reported, problems);
    ProjectRules.checkPipeline(project, problems);
    return problems;
  }
}
