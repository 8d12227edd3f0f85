package dev.slipway.core.validate;

import dev.slipway.core.model.Environment;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.plan.Environments;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.problem.Suggestions;
import dev.slipway.core.target.Target;
import dev.slipway.core.target.Targets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for environments: their names and targets, what each target asks of an environment
 * as resolved, and the service rules again for every service an environment overrides.
 */
final class EnvironmentRules {

  private final Targets targets;

  EnvironmentRules(Targets targets) {
    this.targets = targets;
  }

  /** @param reported what the base services' checks found, so that an environment that inherits it does not report it again */
  void check(Project project, Set<ServiceReport.Finding> reported, List<Problem> problems) {
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
                "environment name '" + environment.name() + "' is not a valid DNS-1123 label" + Names.dnsLabelHint(environment.name())));
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
        ResolvedEnvironment overridden = Environments.overridden(project, name);
        checkResolvedServices(project, overridden, reported, problems);
        ResolvedEnvironment resolved = Environments.decide(overridden);
        targets.forSpec(resolved.target()).ifPresent(target ->
            target.validate(resolved).stream().filter(p -> !problems.contains(p)).forEach(problems::add));
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
  private static void checkResolvedServices(
      Project project, ResolvedEnvironment resolved, Set<ServiceReport.Finding> reported, List<Problem> problems) {
    Set<String> checked = new HashSet<>();
    for (Service service : resolved.services()) {
      // A service defined twice is reported once as such; its second definition is not checked.
      boolean first = checked.add(service.name());
      if (first && service != project.service(service.name()).orElseThrow()) {
        String subject = "service '" + service.name() + "' in environment '" + resolved.name() + "'";
        ServiceRules.check(project, service, new ServiceReport(service, subject, reported, problems));
      }
    }
  }
}
