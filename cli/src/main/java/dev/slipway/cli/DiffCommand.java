package dev.slipway.cli;

import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slipway diff}: what a deploy of the script as it is now would change on the target,
 * field by field, changing nothing. With {@code --exit-code} it exits 1 when something would
 * change, as {@code git diff --exit-code} does, so that a CI job can tell.
 */
@Command(name = "diff", description = "Show what a deploy would change on the target, field by field; changes nothing.")
final class DiffCommand extends DeployedEnvironmentCommand {

  @Option(names = "--exit-code", description = "Exit 1 when a deploy would change something.")
  boolean exitCode;

  @Override
  boolean requiresSecrets() {
    return true;
  }

  @Override
  Integer run(Workspace workspace) {
    RenderRequest request = new RenderRequest(plan.environment(), plan.images(), Optional.empty());
    Rendering rendering = workspace.targetFor(plan).render(request);
    List<String> changes = workspace.diffsFor(plan, "diff").diff(rendering, request, context);
    if (changes.isEmpty()) {
      out().println(plan.environment().name() + ": no changes");
      return ExitCode.OK;
    }
    changes.forEach(out()::println);
    return exitCode ? ExitCode.FAILED : ExitCode.OK;
  }
}
