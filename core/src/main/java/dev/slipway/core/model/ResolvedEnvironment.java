package dev.slipway.core.model;

import java.util.List;
import java.util.Optional;

/**
 * One environment as it deploys: its target, and every service with the environment's
 * overrides (and those of the environments it extends) applied and its defaults decided: an HTTP
 * health check or a metrics endpoint without a port uses the service's first port (decided here, and only here, since
 * an override may change the ports), and a Python build carries its detected dependency file and
 * start command (see {@code Environments.resolve}). Targets and steps read these and decide
 * nothing again.
 */
public record ResolvedEnvironment(Project project, String name, TargetSpec target, List<Service> services) {

  public ResolvedEnvironment {
    services = services.stream().map(ResolvedEnvironment::withHealthPort).map(ResolvedEnvironment::withMetricsPort).toList();
  }

  /** {@code <project>-<environment>}: the Compose project name and the default namespace. */
  public String qualifiedName() {
    return project.name() + "-" + name;
  }

  /** Whether a service keeps data in a named volume: what {@code destroy} keeps unless told otherwise. */
  public boolean hasVolumes() {
    return services.stream().anyMatch(service -> !service.volumes().isEmpty());
  }

  private static Service withHealthPort(Service service) {
    if (service.health().orElse(null) instanceof HealthCheck.Http http && http.port() == 0 && service.primaryPort().isPresent()) {
      return service.resolved(service.python(), Optional.of(new HealthCheck.Http(http.path(), service.primaryPort().get().container(), http.deadline(), http.timing())));
    }
    return service;
  }

  private static Service withMetricsPort(Service service) {
    return service.metrics().filter(metrics -> metrics.port() == Metrics.FIRST_PORT).flatMap(metrics -> service.primaryPort()
        .map(first -> service.withMetrics(new Metrics(metrics.path(), first.container(), metrics.location())))).orElse(service);
  }
}
