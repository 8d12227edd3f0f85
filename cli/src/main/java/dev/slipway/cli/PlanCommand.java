package dev.slipway.cli;

import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.PlanJson;
import dev.slipway.core.plan.PlanText;
import dev.slipway.core.plan.ServiceSelection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Only the steps of these services, as `deploy SERVICE...` would run them.")
  List<String> services = new ArrayList<>();

  @Option(names = "--with-dependencies", description = "With SERVICE: also the steps of what they depend on, transitively.")
  boolean withDependencies;

  @Override
  boolean requiresSecrets() {
    return strictness.strict;
  }

  @Override
  Integer execute(Workspace workspace) {
    workspace.checkOneOffRuns(plan, "plan");
    workspace.checkServices(plan, services);
    Plan shown = ServiceSelection.of(plan.environment(), services, withDependencies).apply(plan);
    out().print(output == Output.json ? PlanJson.render(shown) : PlanText.render(shown));
    return ExitCode.OK;
  }
}
