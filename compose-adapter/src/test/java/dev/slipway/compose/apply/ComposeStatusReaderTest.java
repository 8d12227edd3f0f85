package dev.slipway.compose.apply;

import static dev.slipway.compose.apply.StandInCompose.fails;
import static dev.slipway.compose.apply.StandInCompose.ok;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Metrics;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading what runs, against a {@link StandInCompose} that answers ps as Compose v2 does and inspect as the engine does. */
class ComposeStatusReaderTest {

  private static final Service WEB = service("web").python("app", "python app.py").port(8000).replicas(2).build();
  private static final Service DB = service("db").image("postgres:16").health(new HealthCheck.Command("pg_isready", Duration.ofSeconds(60))).build();
  private static final Service WORKER = service("worker").image("worker:1").build();
  private static final String PS = String.join("\n",
      "{\"ID\":\"aaa111\",\"Name\":\"shop-dev-web-1\",\"Service\":\"web\",\"State\":\"running\",\"Image\":\"localhost:5000/shop/web:3f2a\",\"Publishers\":[]}",
      "{\"ID\":\"bbb222\",\"Name\":\"shop-dev-web-2\",\"Service\":\"web\",\"State\":\"restarting\",\"Image\":\"localhost:5000/shop/web:3f2a\",\"Publishers\":[]}",
      "{\"ID\":\"ppp333\",\"Name\":\"shop-dev-web-proxy-1\",\"Service\":\"web-proxy\",\"State\":\"running\",\"Image\":\"localhost:5000/shop/web:3f2a\","
          + "\"Publishers\":[{\"URL\":\"127.0.0.1\",\"TargetPort\":8000,\"PublishedPort\":8000,\"Protocol\":\"tcp\"},"
          + "{\"URL\":\"\",\"TargetPort\":18999,\"PublishedPort\":0,\"Protocol\":\"tcp\"}]}",
      "{\"ID\":\"ddd444\",\"Name\":\"shop-dev-db-1\",\"Service\":\"db\",\"State\":\"running\",\"Image\":\"docker.io/library/postgres:16\","
          + "\"Publishers\":[{\"URL\":\"0.0.0.0\",\"TargetPort\":5432,\"PublishedPort\":15432,\"Protocol\":\"tcp\"}]}",
      "");

  @TempDir Path work;

  @Test
  void read_runningHealthyRestartsAndPublishedPortsPerService() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose -p shop-dev ps -a --format json", ok(PS))
        .on("engine inspect *", ok("aaa111aaa111aaa111 0 0\nbbb222bbb222bbb222 3 0\nppp333ppp333ppp333 0 0\nddd444ddd444ddd444 1 0\n"))
        .on("compose * exec -T db *", fails(1, "no response"));

    TargetStatus status = read(compose);

    assertEquals(List.of(
        new TargetStatus.ServiceStatus("web", "localhost:5000/shop/web:3f2a", 1, 2, true, 3, List.of("127.0.0.1:8000->8000/tcp")),
        new TargetStatus.ServiceStatus("db", "docker.io/library/postgres:16", 1, 1, false, 1, List.of("0.0.0.0:15432->5432/tcp")),
        new TargetStatus.ServiceStatus("worker", "worker:1", 0, 1, false, 0, List.of())), withoutMonitoring(status.services()));
    assertEquals(List.of("engine", "inspect", "--format", "{{.Id}} {{.RestartCount}} {{.State.ExitCode}}", "aaa111", "bbb222", "ppp333", "ddd444"), compose.calls().get(1));
    // Only services with a running container are probed.
    assertEquals(List.of("compose exec -T web true", "compose exec -T db sh -c pg_isready"),
        compose.commandLines().stream().filter(l -> l.contains(" exec ")).toList());
  }

  @Test
  void read_engineHealthDiffersFromTheCheck_detailLineSaysSo() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose -p shop-dev ps -a --format json", ok(PS.replace("\"Service\":\"db\",\"State\":\"running\",", "\"Service\":\"db\",\"State\":\"running\",\"Health\":\"unhealthy\",")))
        .on("compose * exec -T db *", ok(""));

    TargetStatus status = read(compose);

    assertEquals(List.of("engine said unhealthy; Slipway's check passes"), status.services().get(1).details());
    assertTrue(status.services().get(1).healthy());
  }

  @Test
  void read_engineHealthAgreesOrServiceHasNoCheck_noDetailLine() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose -p shop-dev ps -a --format json", ok(PS.replace("\"State\":\"running\",", "\"State\":\"running\",\"Health\":\"healthy\",")))
        .on("compose * exec -T db *", ok(""));

    TargetStatus status = read(compose);

    assertEquals(List.of(List.of(), List.of(), List.of()), status.services().stream().map(TargetStatus.ServiceStatus::details).toList());
  }

  @Test
  void read_aboutLines_composeVersionAsItsCliPrintsIt() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose -p shop-dev ps -a --format json", ok("[]\n"))
        .on("compose version", ok("Docker Compose version 2.26.1-4\n"));

    TargetStatus status = read(compose);

    assertEquals("compose: " + compose.composeCommand() + " 2.26.1-4", status.about().get(1));
  }

  @Test
  void read_nothingRuns_noInspectAndImagesAsPlanned() {
    StandInCompose compose = new StandInCompose(work).on("compose -p shop-dev ps -a --format json", ok("[]\n"));

    TargetStatus status = read(compose);

    assertEquals(List.of(0, 0, 0), status.services().stream().map(TargetStatus.ServiceStatus::running).toList());
    assertEquals(List.of("web:9", "postgres:16", "worker:1"), status.services().stream().map(TargetStatus.ServiceStatus::image).toList());
    // Besides ps, only the Compose CLI's version, for the status's "compose:" line.
    assertEquals(List.of("compose -p shop-dev ps -a --format json", "compose version"), compose.calls().stream().map(c -> String.join(" ", c)).toList());
  }

  @Test
  void read_engineUnreachable_unreachableFailure() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose *", fails(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"));

    TargetFailure failure = assertThrows(TargetFailure.class, () -> read(compose));

    assertEquals("cannot read the status of shop-dev: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"
        + ": check that the engine runs and DOCKER_HOST points at it", failure.getMessage());
    assertTrue(failure.unreachable());
  }

  @Test
  void read_runningContainers_usageSummedWithLimitsStartsLastHealthAndMetrics() {
    Service api = service("api").image("api:1").port(8000).replicas(2).metrics(new Metrics("/metrics", 8000, TestModel.HERE)).build();
    StandInCompose compose = new StandInCompose(work)
        .on("compose -p shop-dev ps -a --format json", ok(String.join("\n",
            "{\"ID\":\"aaa111\",\"Name\":\"shop-dev-api-1\",\"Service\":\"api\",\"State\":\"running\",\"Image\":\"api:1\",\"Publishers\":[]}",
            "{\"ID\":\"bbb222\",\"Name\":\"shop-dev-api-2\",\"Service\":\"api\",\"State\":\"running\",\"Image\":\"api:1\",\"Publishers\":[]}", "")))
        .on("engine inspect --format *", ok("aaa111aaa 0 0\nbbb222bbb 2 0\n"))
        .on("engine stats --no-stream *", ok("{\"ID\":\"aaa111\",\"CPUPerc\":\"12.50%\",\"MemUsage\":\"10MiB / 64MiB\"}\n"
            + "{\"ID\":\"bbb222\",\"CPUPerc\":\"2.50%\",\"MemUsage\":\"20MiB / 64MiB\"}\n"))
        .on("engine inspect aaa111 bbb222", ok("[{\"Id\":\"aaa111aaa\",\"State\":{\"StartedAt\":\"2026-12-02T07:00:00Z\"},\"HostConfig\":{\"Memory\":67108864,\"NanoCpus\":500000000}},"
            + "{\"Id\":\"bbb222bbb\",\"State\":{\"StartedAt\":\"2026-12-02T07:30:00Z\"},\"HostConfig\":{\"Memory\":67108864,\"NanoCpus\":500000000}}]"))
        .on("compose * exec -T api *", fails(1, "Traceback (most recent call last):\nConnectionRefusedError: [Errno 111] Connection refused\n"));
    ComposeProject project = compose.project(api);

    TargetStatus.Monitoring monitoring = new ComposeStatusReader(project).read(new RenderRequest(project.environment, Map.of("api", "api:1"), Optional.empty()))
        .services().get(0).monitoring();

    assertEquals(TargetStatus.Usage.of(0.15, Optional.of(1.0), 30L * 1024 * 1024, Optional.of(2L * 67108864)), monitoring.usage());
    assertEquals(Optional.of(Instant.parse("2026-12-02T07:00:00Z")), monitoring.oldestStart());
    assertEquals(Optional.of(Instant.parse("2026-12-02T07:30:00Z")), monitoring.newestStart());
    assertEquals(Optional.of("ConnectionRefusedError: [Errno 111] Connection refused"), monitoring.lastHealth().map(TargetStatus.HealthResult::output));
    assertEquals(Optional.of(false), monitoring.lastHealth().map(TargetStatus.HealthResult::ok));
    assertEquals(Optional.of("http://api:8000/metrics (from the project network)"), monitoring.metrics());
  }

  @Test
  void read_statsFail_usageMissingButStatusRead() {
    StandInCompose compose = new StandInCompose(work)
        .on("compose -p shop-dev ps -a --format json", ok(PS))
        .on("engine stats *", fails(125, "Error: stats is not supported in rootless mode without cgroups v2"));

    TargetStatus status = read(compose);

    assertEquals(Optional.of("the engine's stats did not answer"), status.services().get(0).monitoring().usage().missing());
    assertEquals(Optional.of("no running container"), status.services().get(2).monitoring().usage().missing());
  }

  private static List<TargetStatus.ServiceStatus> withoutMonitoring(List<TargetStatus.ServiceStatus> services) {
    return services.stream().map(s -> new TargetStatus.ServiceStatus(s.name(), s.image(), s.running(), s.desired(), s.healthy(), s.restarts(), s.published(), s.details()))
        .toList();
  }

  private static TargetStatus read(StandInCompose compose) {
    ComposeProject project = compose.project(WEB, DB, WORKER);
    return new ComposeStatusReader(project).read(new RenderRequest(project.environment, Map.of("web", "web:9", "db", "postgres:16", "worker", "worker:1"), Optional.empty()));
  }
}
