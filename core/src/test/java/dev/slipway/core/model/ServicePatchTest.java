package dev.slipway.core.model;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServicePatchTest {

  private static SourceLocation line(int line) {
    return SourceLocation.at("deploy.groovy", line);
  }

  private static SecretRef fromEnv(String name, String variable, int line) {
    return new SecretRef(name, Optional.of(variable), Optional.empty(), line(line));
  }

  /** REGION has no line of its own, as when a service is made without a script: it blames `env`. */
  private final Service api =
      service("api")
          .image("acme/api:1")
          .port(8000)
          .env("LOG_LEVEL", "info")
          .env("REGION", "eu")
          .secretFromEnv("DB_PASSWORD", "SHOP_DB_PASSWORD")
          .secretFromEnv("API_KEY", "SHOP_API_KEY")
          .origin("env", line(4))
          .origin(Service.envKeyword("LOG_LEVEL"), line(3))
          .build();

  /** {@code prod}: three replicas, louder logs, its own database password, restarts always. */
  private final ServicePatch prod =
      new ServicePatch(
          "api", line(10), Optional.empty(), Optional.empty(), Optional.empty(), Map.of("LOG_LEVEL", "warn"),
          List.of(fromEnv("DB_PASSWORD", "PROD_DB_PASSWORD", 12)), Optional.of(3), Optional.empty(), Optional.empty(),
          Map.of("restart", "always"),
          origins("replicas", 11, "env", 13, Service.envKeyword("LOG_LEVEL"), 13, "restart", 14));

  /** {@code canary extends prod}: another image and port, a health check, a new variable, rolling. */
  private final ServicePatch canary =
      new ServicePatch(
          "api", line(20), Optional.of("acme/api:2"), Optional.of(List.of(new Port(9000, 19000, line(22)))),
          Optional.of(new HealthCheck.Tcp(9000, Duration.ofSeconds(30))), Map.of("CANARY", "1", "LOG_LEVEL", "debug"),
          List.of(fromEnv("API_KEY", "CANARY_API_KEY", 24)), Optional.empty(),
          Optional.of(new Autoscale(1, 2, 50, line(25))), Optional.of(new Resources(Optional.of("250m"), Optional.empty(), line(26))),
          Map.of("rolling", "true"),
          origins("image", 21, "port", 22, "health", 23, "env", 27, Service.envKeyword("CANARY"), 27,
              Service.envKeyword("LOG_LEVEL"), 28, "rolling", 29));

  private static Map<String, SourceLocation> origins(Object... keywordsAndLines) {
    Map<String, SourceLocation> origins = new LinkedHashMap<>();
    for (int i = 0; i < keywordsAndLines.length; i += 2) {
      origins.put((String) keywordsAndLines[i], line((Integer) keywordsAndLines[i + 1]));
    }
    return origins;
  }

  @Test
  void with_chainOfTwoPatches_sameAsApplyingThemOneAfterAnother() {
    assertEquals(api.with(prod).with(canary), api.with(prod.then(canary)));
  }

  @Test
  void with_chainOfTwoPatches_laterWinsFieldByFieldAndEnvAndSecretsMergeByName() {
    Service canaryApi = api.with(prod.then(canary));

    assertEquals(Optional.of("acme/api:2"), canaryApi.image());
    assertEquals(List.of(new Port(9000, 19000, line(22))), canaryApi.ports());
    assertEquals(3, canaryApi.replicas());
    assertEquals(Map.of("restart", "always", "rolling", "true"), canaryApi.targetOptions());
    assertEquals(Map.of("LOG_LEVEL", "debug", "REGION", "eu", "CANARY", "1"), canaryApi.env());
    assertEquals(
        List.of(fromEnv("DB_PASSWORD", "PROD_DB_PASSWORD", 12), fromEnv("API_KEY", "CANARY_API_KEY", 24)),
        canaryApi.secrets());
  }

  /** A variable only the service sets keeps its own line even though both patches write `env`. */
  @Test
  void with_chainOfTwoPatches_eachVariableBlamesTheLineThatSetItLast() {
    Service canaryApi = api.with(prod.then(canary));

    assertEquals(line(4), canaryApi.envOrigin("REGION"));
    assertEquals(line(28), canaryApi.envOrigin("LOG_LEVEL"));
    assertEquals(line(27), canaryApi.envOrigin("CANARY"));
    assertEquals(line(27), canaryApi.origin("env"));
    assertEquals(line(11), canaryApi.origin("replicas"));
    assertEquals(HERE, canaryApi.origin("volume"));
  }

  @Test
  void with_emptyPatch_changesNothingButPinsEachVariablesLine() {
    ServicePatch nothing =
        new ServicePatch(
            "api", line(30), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), List.of(), Optional.empty(),
            Optional.empty(), Optional.empty(), Map.of(), Map.of());
    Service plain = service("db").image("postgres:16").env("PGDATA", "/data").build();

    Service same = plain.with(nothing);

    assertEquals(plain.image(), same.image());
    assertEquals(plain.ports(), same.ports());
    assertEquals(plain.replicas(), same.replicas());
    assertEquals(plain.targetOptions(), same.targetOptions());
    assertEquals(plain.env(), same.env());
    assertEquals(Map.of(Service.envKeyword("PGDATA"), HERE), same.origins());
  }
}
