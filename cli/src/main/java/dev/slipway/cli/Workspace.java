package dev.slipway.cli;

import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.target.SecretValues;
import dev.slipway.core.target.Target;
import dev.slipway.core.target.Targets;
import dev.slipway.core.validate.ModelValidator;
import dev.slipway.dsl.DeployScripts;
import java.util.Map;

/**
 * The chain every command starts with: evaluate the script, validate the model, plan an
 * environment. Also the entry point for using Slipway as a library.
 */
public final class Workspace {

  private final Targets targets;
  private final Map<String, String> environmentVariables;

  public Workspace(Targets targets, Map<String, String> environmentVariables) {
    this.targets = targets;
    this.environmentVariables = Map.copyOf(environmentVariables);
  }

  public static Workspace fromSystem() {
    return new Workspace(Targets.discover(), System.getenv());
  }

  /** Evaluates and validates; throws with every problem when the script is not usable. */
  public Project load(ScriptOptions script) {
    Project project = DeployScripts.evaluate(script.file, script.variables);
    new ModelValidator(targets).check(project);
    return project;
  }

  /**
   * @param requireSecrets whether every secret's source must exist now
   */
  public Plan plan(Project project, String environment, boolean requireSecrets) {
    return new Planner(new Planner.Options(secrets(project), requireSecrets)).plan(project, environment);
  }

  public SecretValues secrets(Project project) {
    return new SecretValues(environmentVariables, project.baseDir());
  }

  /** The adapter for the plan's target; validation guarantees one exists. */
  public Target targetFor(Plan plan) {
    return targets.forSpec(plan.environment().target()).orElseThrow();
  }
}
