package dev.slipway.compose.apply;

import dev.slipway.core.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Waits for a service to pass its own {@link HealthProbe}, and gives up early on a container that
 * exited or keeps restarting: no deadline makes those healthy.
 */
final class HealthWait {

  private static final Duration BETWEEN_PROBES = Duration.ofSeconds(1);

  private final ComposeProject project;
  private final Duration betweenProbes;

  HealthWait(ComposeProject project) {
    this(project, BETWEEN_PROBES);
  }

  /** @param betweenProbes shorter in tests, which would otherwise wait a second per failed probe */
  HealthWait(ComposeProject project, Duration betweenProbes) {
    this.project = project;
    this.betweenProbes = betweenProbes;
  }

  /**
   * Probes {@code only} that container, or Compose's choice of the service's, until it passes.
   *
   * @return why the service is not healthy, or empty once it is
   */
  Optional<String> await(Service service, Optional<ComposeProject.Container> only, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    List<String> probe = HealthProbe.arguments(service, only);
    int restarts = -1;
    while (true) {
      if (project.run(probe, 60).ok()) {
        return Optional.empty();
      }
      for (ComposeProject.Container container : project.containers(service.name())) {
        if (only.isPresent() && !only.get().id().equals(container.id())) {
          continue;
        }
        if (container.state().equals("exited") || container.state().equals("dead")) {
          return Optional.of("exited while starting (" + container.status() + ")");
        }
        if (container.state().equals("restarting")) {
          restarts++;
          if (restarts >= 3) {
            return Optional.of("keeps restarting (crash loop)");
          }
        }
      }
      if (System.nanoTime() > end) {
        return Optional.of("did not become healthy within " + deadline.toSeconds() + " s");
      }
      try {
        Thread.sleep(betweenProbes.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("was interrupted while waiting for health");
      }
    }
  }
}
