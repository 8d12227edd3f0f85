package dev.slipway.k8s;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServiceBuilder;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.target.RenderRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The prod environment of examples/microservices/deploy.groovy, written with the test model (this
 * module does not load scripts): {@code api} autoscaled from 3 to 10, {@code worker} without
 * autoscale, {@code redis} from an image, in the script's order. Each service comes as a builder,
 * so that a test can change one before {@link #environment}.
 */
final class MicroservicesProd {

  static final String PROJECT = "microservices";

  private MicroservicesProd() {}

  static ServiceBuilder api() {
    return service("api")
        .python("jobs", null)
        .port(8080)
        .health(new HealthCheck.Http("/healthz", 0, HealthCheck.DEFAULT_DEADLINE))
        .env("REDIS_HOST", "redis")
        .env("REDIS_PORT", "6379")
        .dependsOn("redis")
        .replicas(3)
        .autoscale(3, 10, 70)
        .resources("500m", "512Mi");
  }

  static ServiceBuilder worker() {
    return service("worker")
        .python("jobs", "python worker.py")
        .health(new HealthCheck.Command("python healthcheck.py", HealthCheck.DEFAULT_DEADLINE))
        .env("REDIS_HOST", "redis")
        .env("REDIS_PORT", "6379")
        .dependsOn("api")
        .dependsOn("redis");
  }

  static ServiceBuilder redis() {
    return service("redis").image("redis:7").port(6379).health(new HealthCheck.Tcp(6379, HealthCheck.DEFAULT_DEADLINE));
  }

  /** The script's services as written, in namespace {@code micro}. */
  static ResolvedEnvironment environment() {
    return environment("micro", api(), worker(), redis());
  }

  static ResolvedEnvironment environment(String namespace, ServiceBuilder... services) {
    TargetSpec target = new TargetSpec("kubernetes", Map.of("namespace", namespace), HERE);
    Service[] built = java.util.Arrays.stream(services).map(ServiceBuilder::build).toArray(Service[]::new);
    Project project = TestModel.project(PROJECT, Path.of("/work/" + PROJECT), target, built);
    return new ResolvedEnvironment(project, "prod", target, project.services());
  }

  /** Built services at {@code tag} in the project's registry, redis as written. */
  static RenderRequest request(ResolvedEnvironment environment, String tag) {
    return new RenderRequest(
        environment,
        Map.of(
            "api", "localhost:5000/microservices/api:" + tag,
            "worker", "localhost:5000/microservices/worker:" + tag,
            "redis", "redis:7"),
        Optional.empty());
  }
}
