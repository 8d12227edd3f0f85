package dev.slipway.k8s.render;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Service;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ExecAction;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import java.util.List;

/**
 * A service's health check as the kubelet's three probes. The startup probe carries the script's
 * deadline; once it passes, readiness gates traffic (and so dependents, see {@link PodTemplates})
 * and liveness restarts a container that stops answering.
 */
final class Probes {

  static final int PERIOD_SECONDS = 5;
  static final int TIMEOUT_SECONDS = 3;
  static final int READINESS_FAILURES = 3;
  static final int LIVENESS_PERIOD_SECONDS = 10;
  static final int LIVENESS_FAILURES = 3;

  private Probes() {}

  /** Fails the pod when the check has not passed once within the deadline. */
  static V1Probe startup(Service service, HealthCheck health) {
    long seconds = health.deadline().toSeconds();
    // Rounded up, so the kubelet never gives up before the deadline the script states.
    int failures = (int) Math.max(1, (seconds + PERIOD_SECONDS - 1) / PERIOD_SECONDS);
    return probe(service, health).periodSeconds(PERIOD_SECONDS).failureThreshold(failures);
  }

  static V1Probe readiness(Service service, HealthCheck health) {
    return probe(service, health).periodSeconds(PERIOD_SECONDS).failureThreshold(READINESS_FAILURES);
  }

  static V1Probe liveness(Service service, HealthCheck health) {
    return probe(service, health).periodSeconds(LIVENESS_PERIOD_SECONDS).failureThreshold(LIVENESS_FAILURES);
  }

  private static V1Probe probe(Service service, HealthCheck health) {
    V1Probe probe = new V1Probe().timeoutSeconds(TIMEOUT_SECONDS);
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

  private static int httpPort(Service service, HealthCheck.Http http) {
    int port = http.port();
    if (port == 0) {
      // Resolving the environment fills in the first port, and validation reports a check with none.
      throw new IllegalArgumentException("service '" + service.name() + "' has an http health check but no port to probe");
    }
    return port;
  }
}
