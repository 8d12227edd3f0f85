package dev.slipway.cli;

import dev.slipway.core.plan.PlanJson;
import dev.slipway.core.plan.PlanText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slipway plan}: show what a deploy would do. Secret values are not needed: a missing
 * source is a warning in the plan (an error with {@code --strict}), so CI can plan an environment
 * whose secrets only the deploying machine has.
 */
@Command(name = "plan", description = "Show the steps a deploy of one environment would run, and why; change nothing.")
final class PlanCommand extends EnvironmentCommand {

  enum Output {
    text,
    json
  }

  @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).", defaultValue = "text")
  Output output;

  @Mixin StrictOption strictness;

  @Override
  boolean requiresSecrets() {
    return strictness.strict;
  }

  @Override
  Integer execute(Workspace workspace) {
    workspace.checkOneOffRuns(plan, "plan");
    out().print(output == Output.json ? PlanJson.render(plan) : PlanText.render(plan));
    return ExitCode.OK;
  }
}
