package dev.slipway.cli;

import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.TargetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway status}: what runs now, asked of the target, and which release that is. Exits 1
 * unless every service runs and is healthy, so that a script can tell from the exit code alone.
 */
@Command(name = "status", description = "Services, images, health, running count and the current release; exits 1 unless every service runs and is healthy.")
final class StatusCommand extends DeployedEnvironmentCommand {

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Only these services; the exit code judges only them.")
  List<String> services = new ArrayList<>();

  @Override
  Integer run(Workspace workspace) {
    workspace.checkServices(plan, services);
    ReleaseStore store = releases();
    List<Release> all = store.all();
    String environment = plan.environment().name();
    if (all.isEmpty() && store.damaged().isEmpty()) {
      out().println(environment + ": not deployed");
      return ExitCode.FAILED;
    }
    Optional<Release> lastDestroy = all.stream().filter(r -> Release.DESTROYED.equals(r.outcome())).reduce((a, b) -> b);
    Optional<Release> current = store.current();
    if (current.isEmpty() && lastDestroy.isPresent()) {
      out().println(environment + ": destroyed (release " + lastDestroy.get().number() + ", " + lastDestroy.get().time() + ")");
      newer(all, lastDestroy.get().number());
      return ExitCode.FAILED;
    }
    TargetStatus status = workspace.liveTargetFor(plan, "status").status(current(), context);
    List<String> down = new ArrayList<>();
    for (TargetStatus.ServiceStatus service : status.services().stream().filter(s -> services.isEmpty() || services.contains(s.name())).toList()) {
      String published = service.published().isEmpty() ? "-" : String.join(",", service.published());
      out().printf("%-16s %d/%d %-9s restarts %-3d %-28s %s%n", service.name(), service.running(), service.desired(),
          service.healthy() ? "healthy" : "unhealthy", service.restarts(), published, service.image());
      service.details().forEach(detail -> out().println("  " + detail));
      if (service.running() < service.desired()) {
        down.add(service.name() + " is not running (" + service.running() + "/" + service.desired() + ")");
      } else if (!service.healthy()) {
        down.add(service.name() + " is not healthy");
      }
    }
    status.about().forEach(out()::println);
    current.ifPresentOrElse(
        r -> out().println("current release: " + r.number() + " (" + r.time() + ")"), () -> out().println("no successful release yet"));
    newer(all, current.map(Release::number).orElse(0));
    out().flush();
    if (!down.isEmpty()) {
      spec.commandLine().getErr().println(environment + ": " + String.join("; ", down));
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  }

  /** A newer release that did not succeed may have changed part of what runs: never keep quiet about it. */
  private void newer(List<Release> all, int than) {
    all.stream().reduce((a, b) -> b).filter(newest -> newest.number() > than)
        .ifPresent(newest -> out().println("newer release " + newest.number() + ": " + describe(newest)));
  }

  private static String describe(Release release) {
    if (Release.IN_PROGRESS.equals(release.outcome())) {
      return "in progress" + release.owner().map(owner -> " (its deploy is " + owner + ")").orElse("");
    }
    return release.outcome() + (release.detail().isEmpty() ? "" : " — " + release.detail());
  }
}
