package dev.slipway.core.model;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;

import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.RenderRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A shop with every feature the renders know, for any target: a built web app behind a database
 * with a volume and a cache, an autoscaled worker, secrets from the environment and from a file.
 */
public final class ShopProject {

  public static final String DB_PASSWORD_VARIABLE = "SHOP_DB_PASSWORD";

  private ShopProject() {}

  public static ResolvedEnvironment environment(TargetSpec target) {
    Service web =
        service("web")
            .python("app", null)
            .port(8000)
            .health(new HealthCheck.Http("/healthz", 0, Duration.ofSeconds(60)))
            .env("APP_MODE", "production")
            .env("LOG_LEVEL", "info")
            .env("DATABASE_HOST", "db")
            .secretFromEnv("DB_PASSWORD", DB_PASSWORD_VARIABLE)
            .secret(new SecretRef("API_KEY", Optional.empty(), Optional.of("secrets/api-key.txt"), HERE))
            .dependsOn("db")
            .dependsOn("redis")
            .build();
    Service db =
        service("db")
            .image("postgres:16")
            .port(5432)
            .env("POSTGRES_PASSWORD_FILE", "/run/secrets/DB_PASSWORD")
            .secretFromEnv("DB_PASSWORD", DB_PASSWORD_VARIABLE)
            .volume("pgdata", "/var/lib/postgresql/data")
            .health(new HealthCheck.Command("pg_isready -U postgres", HealthCheck.DEFAULT_DEADLINE))
            .build();
    Service worker =
        service("worker")
            .python("app", "python -m shop.worker")
            .port(9100)
            .replicas(2)
            .autoscale(2, 5, 70)
            .resources("500m", "512Mi")
            .dependsOn("db")
            .build();
    Service redis =
        service("redis")
            .image("redis:7")
            .port(6379)
            .health(new HealthCheck.Tcp(6379, Duration.ofSeconds(30)))
            .build();
    Project project = TestModel.project("shop", Path.of("/work/shop"), target, web, db, worker, redis);
    return new ResolvedEnvironment(project, "dev", target, project.services());
  }

  /** Built services at a planned tag, the others as written. */
  public static RenderRequest request(ResolvedEnvironment environment, Optional<SecretValues> secrets) {
    return new RenderRequest(
        environment,
        Map.of(
            "web", "localhost:5000/shop/web:3f2a9c1",
            "db", "postgres:16",
            "worker", "localhost:5000/shop/worker:3f2a9c1",
            "redis", "redis:7"),
        secrets);
  }
}
