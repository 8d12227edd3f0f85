package dev.slipway.cli;

import dev.slipway.core.target.TargetStatus;
import picocli.CommandLine.Command;

/** {@code slipway status}: what runs now, asked of the target. */
@Command(name = "status", description = "Services, images, health, running count and the current release.")
final class StatusCommand extends DeployedEnvironmentCommand {

  @Override
  Integer run(Workspace workspace) {
    TargetStatus status = workspace.liveTargetFor(plan, "status").status(current(), context);
    for (TargetStatus.ServiceStatus service : status.services()) {
      String published = service.published().isEmpty() ? "-" : String.join(",", service.published());
      out().printf("%-16s %d/%d %-9s restarts %-3d %-28s %s%n", service.name(), service.running(), service.desired(),
          service.healthy() ? "healthy" : "unhealthy", service.restarts(), published, service.image());
    }
    releases().lastSucceeded(-1).ifPresentOrElse(
        r -> out().println("current release: " + r.number() + " (" + r.time() + ")"), () -> out().println("no successful release yet"));
    return ExitCode.OK;
  }
}
