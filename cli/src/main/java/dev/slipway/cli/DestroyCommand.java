package dev.slipway.cli;

import dev.slipway.core.release.Release;
import dev.slipway.core.state.EnvironmentLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway destroy}: remove what a deploy created, under the environment's lock, recorded in the history. */
@Command(name = "destroy", description = "Remove the environment's containers and networks; named volumes stay unless --volumes.")
final class DestroyCommand extends DeployedEnvironmentCommand {

  @Option(names = "--volumes", description = "Also delete named volumes, and the data in them.")
  boolean volumes;

  @Override
  Integer run(Workspace workspace) {
    // An environment without volumes has none to keep or delete: naming them would only raise the question.
    boolean hasVolumes = plan.environment().hasVolumes();
    Release destroyed;
    try (EnvironmentLock lock = state.lock()) {
      workspace.liveTargetFor(plan, "destroy").destroy(current(), volumes, context);
      destroyed = releases().destroyed(!hasVolumes ? "removed" : volumes ? "removed with its volumes" : "removed; named volumes kept");
    }
    String volumesNote = !hasVolumes ? "" : volumes ? " and its volumes" : "; named volumes kept (use --volumes to delete them)";
    out().println("removed " + plan.environment().qualifiedName() + volumesNote);
    out().println("release " + destroyed.number() + ": " + destroyed.outcome());
    return ExitCode.OK;
  }
}
