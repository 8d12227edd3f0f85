package dev.slipway.cli;

import dev.slipway.core.release.Release;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slipway history}: the environment's releases. */
@Command(name = "history", description = "List the environment's releases: number, time, revision, outcome, and the services a release changed when not all.")
final class HistoryCommand extends DeployedEnvironmentCommand {

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Only releases that changed these services (releases of the whole environment included).")
  List<String> services = new ArrayList<>();

  @Override
  Integer run(Workspace workspace) {
    workspace.checkServices(plan, services);
    List<Release> all = releases().all().stream().filter(r -> services.isEmpty() || services.stream().anyMatch(r::changed)).toList();
    if (all.isEmpty()) {
      out().println("no releases of " + plan.environment().name() + " yet");
    }
    for (Release release : all) {
      String changed = release.wholeEnvironment() ? "" : (release.detail().isEmpty() ? "" : " ") + "[" + String.join(", ", release.services()) + "]";
      out().printf("%4d  %s  %-16s %-11s %s%n", release.number(), release.time(), release.revision().orElse("-"), release.outcome(), release.detail() + changed);
    }
    return ExitCode.OK;
  }
}
