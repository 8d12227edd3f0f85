package dev.slipway.cli;

import dev.slipway.core.release.Release;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code slipway history}: the environment's releases. */
@Command(name = "history", description = "List the environment's releases: number, time, revision, outcome.")
final class HistoryCommand extends DeployedEnvironmentCommand {

  @Override
  Integer run(Workspace workspace) {
    List<Release> all = releases().all();
    if (all.isEmpty()) {
      out().println("no releases of " + plan.environment().name() + " yet");
    }
    for (Release release : all) {
      out().printf("%4d  %s  %-16s %-11s %s%n", release.number(), release.time(), release.revision().orElse("-"), release.outcome(), release.detail());
    }
    return ExitCode.OK;
  }
}
