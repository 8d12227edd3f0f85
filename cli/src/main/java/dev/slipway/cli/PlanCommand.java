package dev.slipway.cli;

import dev.slipway.core.plan.PlanJson;
import dev.slipway.core.plan.PlanText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway plan}: show what a deploy would do. */
@Command(name = "plan", description = "Show the steps a deploy of one environment would run, and why; change nothing.")
final class PlanCommand extends EnvironmentCommand {

  enum Output {
    text,
    json
  }

  @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).", defaultValue = "text")
  Output output;

  @Override
  boolean requiresSecrets() {
    return true;
  }

  @Override
  Integer execute(Workspace workspace) {
    workspace.checkOneOffRuns(plan, "plan");
    out().print(output == Output.json ? PlanJson.render(plan) : PlanText.render(plan));
    return ExitCode.OK;
  }
}
