package dev.slipway.cli;

import dev.slipway.core.exec.DeployLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway destroy}: remove what a deploy created, under the environment's lock. */
@Command(name = "destroy", description = "Remove the environment's containers and networks; named volumes stay unless --volumes.")
final class DestroyCommand extends DeployedEnvironmentCommand {

  @Option(names = "--volumes", description = "Also delete named volumes, and the data in them.")
  boolean volumes;

  @Override
  Integer run(Workspace workspace) {
    try (DeployLock lock = DeployLock.acquire(context.stateDir().resolve("deploy.lock"))) {
      workspace.liveTargetFor(plan, "destroy").destroy(current(), volumes, context);
    }
    out().println("removed " + plan.environment().qualifiedName() + (volumes ? " and its volumes" : "; named volumes kept (use --volumes to delete them)"));
    return ExitCode.OK;
  }
}
