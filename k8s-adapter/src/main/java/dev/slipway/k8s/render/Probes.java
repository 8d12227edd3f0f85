package dev.slipway.k8s.render;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Service;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ExecAction;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import java.time.Duration;
import java.util.List;

/**
 * A service's health check as the kubelet's three probes, with the check's timing in Compose's
 * meaning: every probe runs each {@code interval} and gives each run {@code timeout}. The startup
 * probe lets the check fail for as long as the script allows a start to take (the longer of {@code
 * startPeriod} and the deploy's {@code deadline}); once it passes, readiness gates traffic (and so
 * dependents, see {@link PodTemplates}) after {@code retries} failures in a row, and liveness
 * restarts a container that fails as many.
 */
final class Probes {

  private Probes() {}

  /** Fails the pod when the check has not passed once within the start period or the deadline. */
  static V1Probe startup(Service service, HealthCheck health) {
    HealthCheck.Timing timing = health.timing();
    Duration budget = timing.startPeriod().compareTo(health.deadline()) > 0 ? timing.startPeriod() : health.deadline();
    int period = seconds(timing.interval());
    // Rounded up, so the kubelet never gives up before the time the script states.
    int failures = (int) Math.max(1, (budget.toSeconds() + period - 1) / period);
    return probe(service, health).failureThreshold(failures);
  }

  static V1Probe readiness(Service service, HealthCheck health) {
    return probe(service, health).failureThreshold(health.timing().retries());
  }

  static V1Probe liveness(Service service, HealthCheck health) {
    return probe(service, health).failureThreshold(health.timing().retries());
  }

  private static V1Probe probe(Service service, HealthCheck health) {
    V1Probe probe = new V1Probe().periodSeconds(seconds(health.timing().interval())).timeoutSeconds(seconds(health.timing().timeout()));
    if (health instanceof HealthCheck.Http http) {
      return probe.httpGet(new V1HTTPGetAction().path(http.path()).port(new IntOrString(httpPort(service, http))));
    }
    if (health instanceof HealthCheck.Tcp tcp) {
      return probe.tcpSocket(new V1TCPSocketAction().port(new IntOrString(tcp.port())));
    }
    if (health instanceof HealthCheck.Command command) {
      return probe.exec(new V1ExecAction().command(List.of("sh", "-c", command.command())));
    }
    throw new IllegalArgumentException("unknown health check " + health.getClass().getSimpleName());
  }

  /** Whole seconds, at least one, rounded up: the kubelet counts in seconds and never in zero. */
  static int seconds(Duration duration) {
    long millis = duration.toMillis();
    return (int) Math.max(1, (millis + 999) / 1000);
  }

  private static int httpPort(Service service, HealthCheck.Http http) {
    int port = http.port();
    if (port == 0) {
      // Resolving the environment fills in the first port, and validation reports a check with none.
      throw new IllegalArgumentException("service '" + service.name() + "' has an http health check but no port to probe");
    }
    return port;
  }
}
