package dev.slipway.cli;

import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Environments;
import picocli.CommandLine.Command;

/** {@code slipway validate}: evaluate and check the script, change nothing. */
@Command(name = "validate", description = "Check the deploy script and every environment in it; change nothing.")
final class ValidateCommand extends ScriptCommand {

  @Override
  public Integer call() {
    Project project = workspace().load(script);
    out().printf(
        "%s is valid: project '%s', %d service(s), environments: %s%n",
        script.file, project.name(), project.services().size(), String.join(", ", Environments.names(project)));
    return ExitCode.OK;
  }
}
