package dev.slipway.compose.apply;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.TestModel;
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

  @Test
  void timeoutSeconds_theChecksOwnTimeoutPlusTheTimeExecTakes() {
    HealthCheck patient = new HealthCheck.Tcp(5432, Duration.ofSeconds(60), new HealthCheck.Timing(Duration.ofSeconds(5), Duration.ofSeconds(7), 3, Duration.ZERO));

    assertEquals(17, HealthProbe.timeoutSeconds(service("db").image("postgres:16").port(5432).health(patient).build()));
    assertEquals(10, HealthProbe.timeoutSeconds(service("worker").image("worker:1").build()), "no check: only that exec answers");
  }

  @Test
  void arguments_dockerfileService_probedWithTheCommonToolsNotPython() {
    List<String> probe = HealthProbe.arguments(service("front").dockerfile(new DockerfileBuild("Dockerfile", ".", Map.of(), Optional.empty(), TestModel.HERE))
        .port(80).health(new HealthCheck.Http("/", 80, Duration.ofSeconds(30))).build(), Optional.empty());

    assertEquals(List.of("exec", "-T", "front", "sh", "-c"), probe.subList(0, 5));
    assertTrue(probe.get(5).startsWith("wget -q -T 3 "), probe.toString());
  }
}
