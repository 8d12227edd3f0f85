package dev.slipway.compose.apply;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

  @Test
  void arguments_shellCheck_runByShInTheContainerComposePicks() {
    List<String> probe = HealthProbe.arguments(service("db").image("postgres:16").health(new HealthCheck.Command("pg_isready -U shop", Duration.ofSeconds(30))).build(), Optional.empty());

    assertEquals(List.of("exec", "-T", "db", "sh", "-c", "pg_isready -U shop"), probe);
  }

  @Test
  void arguments_builtServiceOneContainer_pythonCheckInThatContainer() {
    ComposeProject.Container third = new ComposeProject.Container("4ad5", "shop-dev-web-3", 3, "running", "Up", Map.of());

    List<String> probe = HealthProbe.arguments(service("web").python("app", "python app.py").port(8000).health(new HealthCheck.Tcp(8000, Duration.ofSeconds(30))).build(), Optional.of(third));

    assertEquals(List.of("exec", "-T", "--index", "3", "web", "python3", "-c"), probe.subList(0, 7));
    assertEquals(8, probe.size());
  }

  @Test
  void arguments_noHealthCheck_onlyThatTheContainerAnswers() {
    assertEquals(List.of("exec", "-T", "worker", "true"), HealthProbe.arguments(service("worker").image("worker:1").build(), Optional.empty()));
  }
}
