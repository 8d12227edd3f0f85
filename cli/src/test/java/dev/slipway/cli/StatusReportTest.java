package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.release.Release;
import dev.slipway.core.target.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusReportTest {

  private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
  private static final Release CURRENT = new Release(3, Instant.parse("2026-12-02T07:00:00Z"), Optional.empty(), Map.of(), Release.SUCCEEDED, "", Optional.empty());

  private static final TargetStatus.ServiceStatus API = new TargetStatus.ServiceStatus("api", "localhost:5000/shop/api:1", 2, 2, true, 1,
      List.of("127.0.0.1:8000->8000/tcp"), List.of(),
      new TargetStatus.Monitoring(TargetStatus.Usage.of(0.125, Optional.of(1.0), 48L * 1024 * 1024, Optional.of(512L * 1024 * 1024)),
          Optional.of(NOW.minus(Duration.ofMinutes(75))), Optional.of(NOW.minusSeconds(30)),
          Optional.of(new TargetStatus.HealthResult(NOW.minusSeconds(1), true, "passed")), Optional.of("http://api:8000/metrics (from the project network)")));

  private static final TargetStatus.ServiceStatus WORKER = new TargetStatus.ServiceStatus("worker", "acme/worker:1", 1, 1, false, 0, List.of(), List.of(),
      new TargetStatus.Monitoring(TargetStatus.Usage.missing("no metrics server (the cluster does not serve metrics.k8s.io)"), Optional.empty(), Optional.empty(),
          Optional.of(new TargetStatus.HealthResult(NOW.minusSeconds(5), false, "pod worker-1 not ready: containers with unready status: [worker]")),
          Optional.empty()));

  @Test
  void text_servicesWithUsage_rowWithColumnsThenDetailLines() {
    StatusReport report = StatusReport.deployed("dev", Optional.of(CURRENT), Optional.empty(), List.of("engine: podman 4.3.1"), List.of(API, WORKER), NOW);

    List<String> lines = report.text().lines().toList();

    assertEquals("engine: podman 4.3.1", lines.get(0), "how the target was reached comes first");
    assertTrue(lines.get(1).matches("api +2/2 healthy +restarts 1 +cpu 12\\.5%/100% +mem 48MiB/512MiB +up 1h15m +127\\.0\\.0\\.1:8000->8000/tcp +localhost:5000/shop/api:1"),
        lines.get(1));
    assertEquals("  newest instance up 30s", lines.get(2));
    assertEquals("  last health check 2026-12-02T07:59:59Z: ok — passed", lines.get(3));
    assertEquals("  metrics: http://api:8000/metrics (from the project network)", lines.get(4));
    assertTrue(lines.get(5).matches("worker +1/1 unhealthy +restarts 0 +cpu \\? +mem \\?/- +up - +- +acme/worker:1"), lines.get(5));
    assertEquals("  usage unknown: no metrics server (the cluster does not serve metrics.k8s.io)", lines.get(6));
    assertEquals("  last health check 2026-12-02T07:59:55Z: failed — pod worker-1 not ready: containers with unready status: [worker]", lines.get(7));
    assertEquals("current release: 3 (2026-12-02T07:00:00Z)", lines.get(8));
    assertEquals(ExitCode.FAILED, report.exitCode());
    assertEquals(List.of("worker is not healthy"), report.problems());
  }

  @Test
  void json_servicesWithUsage_documentedSchema() throws Exception {
    StatusReport report = StatusReport.deployed("dev", Optional.of(CURRENT), Optional.empty(), List.of("engine: podman 4.3.1"), List.of(API, WORKER), NOW);

    JsonNode json = new ObjectMapper().readTree(report.json());

    assertEquals(1, json.path("schemaVersion").asInt());
    assertEquals("dev", json.path("environment").asText());
    assertEquals("deployed", json.path("state").asText());
    assertEquals(3, json.path("release").path("number").asInt());
    assertTrue(json.path("newerRelease").isNull());
    assertEquals("engine: podman 4.3.1", json.path("about").get(0).asText());
    assertEquals(false, json.path("healthy").asBoolean());
    assertEquals("worker is not healthy", json.path("problems").get(0).asText());
    JsonNode api = json.path("services").get(0);
    assertEquals("api", api.path("name").asText());
    assertEquals(2, api.path("running").asInt());
    assertEquals(0.125, api.path("cpu").path("cores").asDouble());
    assertEquals(1.0, api.path("cpu").path("limitCores").asDouble());
    assertEquals(48L * 1024 * 1024, api.path("memory").path("bytes").asLong());
    assertEquals(512L * 1024 * 1024, api.path("memory").path("limitBytes").asLong());
    assertTrue(api.path("usageUnknown").isNull());
    assertEquals("2026-12-02T06:45:00Z", api.path("startedAt").asText());
    assertEquals(4500, api.path("uptimeSeconds").asLong());
    assertEquals(true, api.path("lastHealth").path("ok").asBoolean());
    assertEquals("http://api:8000/metrics (from the project network)", api.path("metrics").asText());
    JsonNode worker = json.path("services").get(1);
    assertTrue(worker.path("cpu").path("cores").isNull());
    assertTrue(worker.path("uptimeSeconds").isNull());
    assertEquals("no metrics server (the cluster does not serve metrics.k8s.io)", worker.path("usageUnknown").asText());
    assertEquals(1, report.jsonLine().lines().count(), "--watch --output json: one reading a line");
  }

  @Test
  void json_notDeployed_stateAndNoServices() throws Exception {
    JsonNode json = new ObjectMapper().readTree(StatusReport.notDeployed("dev", NOW).json());

    assertEquals("not deployed", json.path("state").asText());
    assertEquals(0, json.path("services").size());
    assertTrue(json.path("release").isNull());
  }

  @Test
  void formats_bytesAndDurations_asPeopleReadThem() {
    assertEquals("512B", StatusReport.bytes(512));
    assertEquals("21.5MiB", StatusReport.bytes(22_544_384));
    assertEquals("1.5GiB", StatusReport.bytes(1_610_612_736));
    assertEquals("45s", StatusReport.duration(Duration.ofSeconds(45)));
    assertEquals("3m12s", StatusReport.duration(Duration.ofSeconds(192)));
    assertEquals("2d3h", StatusReport.duration(Duration.ofHours(51)));
    assertEquals("0.3%", StatusReport.cpu(TargetStatus.Usage.of(0.003, Optional.empty(), 0, Optional.empty())));
  }
}
