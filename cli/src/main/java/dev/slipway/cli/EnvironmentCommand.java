package dev.slipway.cli;

import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import picocli.CommandLine.Option;

/** A command on one environment: the script is loaded and the environment planned before {@link #execute} runs. */
abstract class EnvironmentCommand extends ScriptCommand {

  @Option(
      names = {"-e", "--env"},
      paramLabel = "ENV",
      description = "The environment (default: ${DEFAULT-VALUE}).",
      defaultValue = "dev")
  String environment;

  Project project;
  Plan plan;

  @Override
  public final Integer call() throws Exception {
    Workspace workspace = workspace();
    project = workspace.load(script);
    plan = workspace.plan(project, environment, requiresSecrets());
    return execute(workspace);
  }

  /** Whether every secret's source must exist now: for commands that deploy or show what a deploy would use. */
  boolean requiresSecrets() {
    return false;
  }

  abstract Integer execute(Workspace workspace) throws Exception;
}
