package dev.slipway.cli;

import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** A command on one environment: the script is loaded and the environment planned before {@link #execute} runs. */
abstract class EnvironmentCommand extends ScriptCommand {

  @Option(
      names = {"-e", "--env"},
      paramLabel = "ENV",
      description = "The environment (default: ${DEFAULT-VALUE}).",
      defaultValue = "dev")
  String environment;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context to use, in place of the script's kubernetes(context: ...) (Kubernetes targets).")
  String context;

  @Option(
      names = "--namespace",
      paramLabel = "NAME",
      description = "The namespace to deploy into, in place of the script's kubernetes(namespace: ...) (Kubernetes targets).")
  String namespace;

  Project project;
  Plan plan;

  @Override
  public final Integer call() throws Exception {
    Workspace workspace = workspace();
    project = workspace.load(script, environment, targetSettings());
    plan = workspace.plan(project, environment, requiresSecrets());
    try {
      return execute(workspace);
    } finally {
      finishOutput();
    }
  }

  /**
   * Target settings given on the command line: they replace the script's for this run, and the
   * target checks them as if the script had them (a Compose target refuses {@code context}).
   */
  private Map<String, String> targetSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    if (context != null) {
      settings.put("context", context);
    }
    if (namespace != null) {
      settings.put("namespace", namespace);
    }
    return settings;
  }

  /** Whether every secret's source must exist now: for commands that deploy or show what a deploy would use. */
  boolean requiresSecrets() {
    return false;
  }

  abstract Integer execute(Workspace workspace) throws Exception;
}
