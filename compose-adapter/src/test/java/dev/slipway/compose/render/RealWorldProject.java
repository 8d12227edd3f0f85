package dev.slipway.compose.render;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;

import dev.slipway.core.model.BindMount;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.target.RenderRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project as users bring it from a hand-written compose file, with every keyword that setup
 * needs: an nginx front built from its Dockerfile with its config file, a Python API only the front
 * reaches, a database on its own network with its command, stop signal and named port, a worker
 * with development mounts, dashed secret names and health timing. Its files are in {@code
 * src/test/resources/real-world}, or in {@code baseDir} when a test gives one.
 */
final class RealWorldProject {

  static final Path FILES = Path.of("src/test/resources/real-world").toAbsolutePath();

  private RealWorldProject() {}

  static Service front() {
    return service("front")
        .dockerfile(new DockerfileBuild("front/Dockerfile", "front", Map.of("NGINX_BASE", "nginx:1.27"), Optional.empty(), HERE))
        .port(new Port(80, 18100, Optional.of("http"), HERE))
        .file(new ProjectFile("front/nginx.conf", "/etc/nginx/nginx.conf", HERE))
        .network("front")
        .health(new HealthCheck.Http("/", 80, Duration.ofSeconds(60), new HealthCheck.Timing(Duration.ofSeconds(10), Duration.ofSeconds(2), 5, Duration.ofSeconds(15))))
        .dependsOn("api")
        .build();
  }

  static Service api() {
    return service("api")
        .python("api", "gunicorn -b 0.0.0.0:8000 api:app")
        .port(new Port(8000, Port.NOT_PUBLISHED, Optional.of("http"), HERE))
        .port(new Port(9090, 18101, Optional.of("metrics"), HERE))
        .network("front")
        .network("back")
        .health(new HealthCheck.Http("/healthz", 0, Duration.ofSeconds(90), new HealthCheck.Timing(Duration.ofSeconds(5), Duration.ofSeconds(4), 3, Duration.ZERO)))
        .env("MONGO_URL", "mongodb://mongo:27017/shop")
        .secret(new SecretRef("db-password", Optional.of("SHOP_DB_PASSWORD"), Optional.empty(), HERE))
        .dependsOn("mongo")
        .build();
  }

  static Service mongo() {
    return service("mongo")
        .image("mongo:7")
        .command(List.of("mongod", "--bind_ip_all", "--auth"))
        .stopSignal("SIGINT")
        .port(new Port(27017, Port.NOT_PUBLISHED, Optional.of("mongo"), HERE))
        .volume("mongodata", "/data/db")
        .network("back")
        .health(new HealthCheck.Command("mongosh --quiet --eval 'db.runCommand({ping: 1})'", Duration.ofSeconds(120),
            new HealthCheck.Timing(Duration.ofSeconds(10), Duration.ofSeconds(5), 5, Duration.ofSeconds(30))))
        .secret(new SecretRef("db-password", Optional.of("SHOP_DB_PASSWORD"), Optional.empty(), HERE))
        .build();
  }

  static Service worker() {
    return service("worker")
        .image("python:3.12-slim")
        .entrypoint(List.of("python", "-m"))
        .command(List.of("worker", "--queue", "$QUEUE"))
        .mount(new BindMount(".", "/code", false, HERE))
        .mount(new BindMount("data", "/seed", true, HERE))
        .build();
  }

  static ResolvedEnvironment environment(Path baseDir, Service... services) {
    Project project = TestModel.project("shop", baseDir, RichProject.COMPOSE, services);
    return new ResolvedEnvironment(project, "dev", RichProject.COMPOSE, project.services());
  }

  static RenderRequest request() {
    return request(FILES, front(), api(), mongo(), worker());
  }

  /** Built services at a planned tag, the others as written. */
  static RenderRequest request(Path baseDir, Service... services) {
    Map<String, String> images = new HashMap<>();
    for (Service service : services) {
      images.put(service.name(), service.image().orElse("localhost:5000/shop/" + service.name() + ":src-3f2a9c1"));
    }
    return new RenderRequest(environment(baseDir, services), images, Optional.empty());
  }
}
