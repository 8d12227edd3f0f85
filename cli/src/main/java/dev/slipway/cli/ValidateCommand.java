package dev.slipway.cli;

import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Environments;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slipway validate}: evaluate and check the script, change nothing. */
@Command(name = "validate", description = "Check the deploy script and every environment in it; change nothing.")
final class ValidateCommand implements Callable<Integer> {

  @Mixin ScriptOptions script;
  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  @Override
  public Integer call() {
    Project project = root.workspace().load(script);
    spec.commandLine().getOut().printf(
        "%s is valid: project '%s', %d service(s), environments: %s%n",
        script.file, project.name(), project.services().size(), String.join(", ", Environments.names(project)));
    return ExitCode.OK;
  }
}
