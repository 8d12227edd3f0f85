package dev.slipway.cli;

import dev.slipway.core.release.Release;
import dev.slipway.core.target.TargetStatus;
import java.util.List;
import java.util.Optional;
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
    List<Release> all = releases().all();
    Optional<Release> current = releases().lastSucceeded(-1);
    current.ifPresentOrElse(
        r -> out().println("current release: " + r.number() + " (" + r.time() + ")"), () -> out().println("no successful release yet"));
    // A newer release that did not succeed may have changed part of what runs: never keep quiet about it.
    all.stream().reduce((a, b) -> b)
        .filter(newest -> current.map(c -> newest.number() > c.number()).orElse(true))
        .ifPresent(newer -> out().println("newer release " + newer.number() + ": " + describe(newer)));
    return ExitCode.OK;
  }

  private static String describe(Release release) {
    if (Release.IN_PROGRESS.equals(release.outcome())) {
      return "in progress" + release.owner().map(owner -> " (its deploy is " + owner + ")").orElse("");
    }
    return release.outcome() + (release.detail().isEmpty() ? "" : " — " + release.detail());
  }
}
