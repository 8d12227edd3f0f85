package dev.slipway.cli;

import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.PlanJson;
import dev.slipway.core.plan.PlanText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slipway plan}: show what a deploy would do. */
@Command(name = "plan", description = "Show the steps a deploy of one environment would run, and why; change nothing.")
final class PlanCommand implements Callable<Integer> {

  enum Output {
    text,
    json
  }

  @Mixin ScriptOptions script;
  @Mixin EnvironmentOption environment;

  @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).", defaultValue = "text")
  Output output;

  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  @Override
  public Integer call() {
    Workspace workspace = root.workspace();
    Project project = workspace.load(script);
    Plan plan = workspace.plan(project, environment.name, true);
    spec.commandLine().getOut().print(output == Output.json ? PlanJson.render(plan) : PlanText.render(plan));
    return ExitCode.OK;
  }
}
