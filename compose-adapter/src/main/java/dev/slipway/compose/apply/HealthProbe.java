package dev.slipway.compose.apply;

import dev.slipway.compose.render.HealthcheckCommands;
import dev.slipway.core.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code exec -T [--index N] SERVICE <its health check>}: the check the compose file declares, run
 * on demand. Slipway probes by itself rather than reading the engine's health status, because
 * podman without systemd never runs health checks on its own.
 */
final class HealthProbe {

  /** What starting {@code exec} in a container may take on top of the check itself, on a busy host. */
  private static final long EXEC_OVERHEAD_SECONDS = 10;

  private HealthProbe() {}

  /**
   * How long one probe of {@code service} may run before it counts as failed: the check's own
   * {@code timeout}, which the probe command also carries, plus what starting it takes. A check
   * that hangs then costs what it costs the engine, not the minute it used to.
   */
  static long timeoutSeconds(Service service) {
    return service.health().map(HealthcheckCommands::timeoutSeconds).orElse(0L) + EXEC_OVERHEAD_SECONDS;
  }

  /** The Compose arguments that probe {@code only} that container, or the one Compose picks. */
  static List<String> arguments(Service service, Optional<ComposeProject.Container> only) {
    List<String> probe = new ArrayList<>(List.of("exec", "-T"));
    only.ifPresent(container -> probe.addAll(List.of("--index", String.valueOf(container.number()))));
    probe.add(service.name());
    service.health().ifPresentOrElse(health -> {
      List<String> test = HealthcheckCommands.test(service, health);
      if (test.get(0).equals("CMD-SHELL")) {
        probe.addAll(List.of("sh", "-c", test.get(1)));
      } else {
        probe.addAll(test.subList(1, test.size()));
      }
    }, () -> probe.add("true"));
    return probe;
  }
}
