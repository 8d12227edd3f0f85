package dev.slipway.cli;

import dev.slipway.core.gc.LeftoverCollector;
import dev.slipway.core.io.Sizes;
import dev.slipway.core.release.HistoryLimit;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway gc}: what the environment's history limit no longer keeps leaves the machine. */
@Command(
    name = "gc",
    description = "Remove from the local container engine the images only releases beyond the history limit used, then those"
        + " releases' records (also done after every successful deploy). Registry tags are never deleted.")
final class GcCommand extends DeployedEnvironmentCommand {

  @Option(names = "--dry-run", description = "Show what would be removed, and remove nothing.")
  boolean dryRun;

  @Override
  Integer run(Workspace workspace) {
    LeftoverCollector.Report report = EnvironmentLeftovers.collect(workspace, plan, context, state, dryRun);
    PrintWriter out = out();
    String verb = dryRun ? "would remove " : "removed ";
    for (LeftoverCollector.Removed image : report.removed()) {
      out.println(verb + image.reference() + " (" + image.service() + ", "
          + (image.freedBytes() > 0 ? Sizes.human(image.freedBytes()) : "a name only: the image has others") + ")");
    }
    for (LeftoverCollector.Kept image : report.kept()) {
      out.println("kept " + image.reference() + ": " + image.why());
    }
    if (!report.forgotten().isEmpty()) {
      out.println((dryRun ? "would delete" : "deleted") + " release records " + report.forgotten().stream().map(String::valueOf).toList()
          + ": beyond the history limit of " + HistoryLimit.of(plan.environment().target()).releases());
    }
    if (!report.inRegistry().isEmpty()) {
      out.println("registry tags are not deleted: " + report.inRegistry().size() + " of these images are in a registry, whose own garbage"
          + " collection removes them");
    }
    out.println(report.summary());
    return ExitCode.OK;
  }
}
