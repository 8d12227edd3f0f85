package dev.slipway.compose.apply;

import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Waits for a service to pass its own {@link HealthProbe}, and gives up as soon as a container
 * exits: no deadline makes it healthy. An exit shows as the container's state, or, under a
 * restart policy whose engine restarts it at once (podman), only as a higher restart count.
 *
 * <p>Of the check's timing, the wait keeps {@code timeout} (each probe is given it) and not the
 * rest: it probes every second rather than every {@code interval}, because a deploy wants the
 * first moment the service passes (what Compose's {@code start_interval} is for), and it fails on
 * the deploy's deadline rather than after {@code retries} failures past {@code startPeriod}, which
 * would fail a slow first start that the deadline allows. Those three are the engine's watch over
 * the service once it runs, rendered in the compose file.
 */
final class HealthWait {

  private static final Duration BETWEEN_PROBES = Duration.ofSeconds(1);

  /**
   * Why a service did not become healthy.
   *
   * @param exited a container exited, which more time would not change
   */
  record Failure(String why, boolean exited) {}

  private final ComposeProject project;
  private final Duration betweenProbes;
  private final EventListener events;

  HealthWait(ComposeProject project) {
    this(project, BETWEEN_PROBES);
  }

  /** @param events told the seconds waited so far, out of the deadline, on the service's deploy step */
  HealthWait(ComposeProject project, EventListener events) {
    this(project, BETWEEN_PROBES, events);
  }

  /** @param betweenProbes shorter in tests, which would otherwise wait a second per failed probe */
  HealthWait(ComposeProject project, Duration betweenProbes) {
    this(project, betweenProbes, EventListener.NONE);
  }

  HealthWait(ComposeProject project, Duration betweenProbes, EventListener events) {
    this.project = project;
    this.betweenProbes = betweenProbes;
    this.events = events;
  }

  /**
   * Probes {@code only} that container, or Compose's choice of the service's, until it passes.
   *
   * @return why the service is not healthy, or empty once it is
   */
  Optional<Failure> await(Service service, Optional<ComposeProject.Container> only, Duration deadline) {
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    List<String> probe = HealthProbe.arguments(service, only);
    // Restarts from before this wait (an unchanged container that Compose left running) are not this deploy's.
    Map<String, Integer> restartsBefore = new HashMap<>();
    while (true) {
      if (project.run(probe, HealthProbe.timeoutSeconds(service)).ok()) {
        return Optional.empty();
      }
      List<ComposeProject.Container> containers = project.containers(service.name()).stream()
          .filter(container -> only.isEmpty() || only.get().id().equals(container.id())).toList();
      Optional<Failure> exited = exited(containers, restartsBefore);
      if (exited.isPresent()) {
        return exited;
      }
      if (System.nanoTime() > end) {
        return Optional.of(new Failure("did not become healthy within " + deadline.toSeconds() + " s", false));
      }
      events.on(new Event.Progress(Instant.now(), "deploy:" + service.name(), "waiting for its health check",
          Duration.ofNanos(System.nanoTime() - start).toSeconds(), OptionalLong.of(deadline.toSeconds()), "s"));
      try {
        Thread.sleep(betweenProbes.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of(new Failure("was interrupted while waiting for health", false));
      }
    }
  }

  private Optional<Failure> exited(List<ComposeProject.Container> containers, Map<String, Integer> restartsBefore) {
    for (ComposeProject.Container container : containers) {
      switch (container.state()) {
        case "exited" -> {
          return Optional.of(new Failure(exitedWith(container.exitCode()), true));
        }
        case "dead" -> {
          return Optional.of(new Failure(exitedWith(container.exitCode()) + " (the engine marked it dead)", true));
        }
        case "restarting" -> {
          return Optional.of(new Failure(exitedWith(container.exitCode()) + ", and the engine keeps restarting it", true));
        }
        default -> {
          // running, or not started yet: its restart count tells
        }
      }
    }
    Map<String, ComposeProject.Restarts> restarts = project.restarts(containers.stream().filter(ComposeProject.Container::running).map(ComposeProject.Container::id).toList());
    for (Map.Entry<String, ComposeProject.Restarts> container : restarts.entrySet()) {
      ComposeProject.Restarts now = container.getValue();
      if (now.count() > restartsBefore.computeIfAbsent(container.getKey(), id -> now.count())) {
        OptionalInt code = now.lastExitCode() == 0 ? OptionalInt.empty() : OptionalInt.of(now.lastExitCode());
        return Optional.of(new Failure(exitedWith(code) + ", and the engine restarted it", true));
      }
    }
    return Optional.empty();
  }

  private static String exitedWith(OptionalInt code) {
    return "exited" + (code.isPresent() ? " with code " + code.getAsInt() : "") + " while starting";
  }
}
