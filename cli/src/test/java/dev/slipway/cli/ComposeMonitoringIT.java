package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.ComposeEngine.SlipwayRun;
import dev.slipway.core.testing.ContainerTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway status} on real podman and Compose v2, of a Python service that serves its
 * metrics in Prometheus' text format on a port of their own: engine stats against the rendered
 * limits, uptime, the last health check, the metrics endpoint a scraper on the project's network
 * reaches, {@code --output json} and a bounded {@code --watch}.
 */
class ComposeMonitoringIT {

  private static final String APP = String.join("\n",
      "import threading",
      "from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer",
      "REQUESTS = 0",
      "class App(BaseHTTPRequestHandler):",
      "    def do_GET(self):",
      "        global REQUESTS",
      "        REQUESTS += 1",
      "        self.send_response(200)",
      "        self.end_headers()",
      "        self.wfile.write(b'ok')",
      "class Metrics(BaseHTTPRequestHandler):",
      "    def do_GET(self):",
      "        if self.path != '/metrics':",
      "            self.send_response(404)",
      "            self.end_headers()",
      "            return",
      "        self.send_response(200)",
      "        self.send_header('Content-Type', 'text/plain; version=0.0.4')",
      "        self.end_headers()",
      "        self.wfile.write(('# HELP app_requests_total Requests served.\\n# TYPE app_requests_total counter\\n'",
      "                          'app_requests_total %d\\n' % REQUESTS).encode())",
      "threading.Thread(target=ThreadingHTTPServer(('0.0.0.0', 9100), Metrics).serve_forever, daemon=True).start()",
      "ThreadingHTTPServer(('0.0.0.0', 8000), App).serve_forever()",
      "");

  private static ComposeEngine engine;

  @TempDir Path project;

  @BeforeAll
  static void startEngine() throws IOException, InterruptedException {
    engine = ComposeEngine.start();
  }

  @AfterAll
  static void stopEngine() throws InterruptedException {
    if (engine != null) {
      engine.close();
    }
  }

  @BeforeEach
  void writeProject() throws IOException {
    Files.createDirectories(project.resolve("app"));
    Files.writeString(project.resolve("app/app.py"), APP);
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'mon'",
        "service('api') {",
        "    python { source 'app'; version '3.11'; baseImage setting('baseImage', 'python:3.11-slim'); command 'python3 app.py' }",
        "    port 8000, publish: 19300",
        "    expose 9100, name: 'metrics'",
        "    metrics '/metrics', port: 9100",
        "    resources cpu: '500m', memory: '128Mi'",
        "    health http('/healthz'), deadline: 60",
        "}",
        "environments { dev { target compose() } }",
        ""));
  }

  @AfterEach
  void destroy() {
    slipway("destroy");
  }

  @Test
  void status_deployedServiceWithMetrics_showsUsageLimitsUptimeLastHealthAndTheEndpoint() throws Exception {
    SlipwayRun deploy = slipway("deploy", "--to-engine");
    assertEquals(ExitCode.OK, deploy.exit(), deploy.both());

    SlipwayRun status = slipway("status");

    assertEquals(ExitCode.OK, status.exit(), status.both());
    List<String> lines = status.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches(
        "api +1/1 healthy +restarts 0 +cpu \\d+(\\.\\d)?%/50% +mem \\d+(\\.\\d)?(B|KiB|MiB)/128MiB +up \\d+(s|m\\d+s) +127\\.0\\.0\\.1:19300->8000/tcp +\\S+")),
        status.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("  last health check \\S+Z: ok — passed")), status.out());
    assertTrue(lines.contains("  metrics: http://api:9100/metrics (from the project network)"), status.out());

    // A scraper on the project's network reaches the endpoint status names, by the service's name.
    SlipwayRun json = slipway("status", "--output", "json");
    assertEquals(ExitCode.OK, json.exit(), json.both());
    JsonNode api = new ObjectMapper().readTree(json.out()).path("services").get(0);
    String scraped = ContainerTools.run(List.of("podman", "run", "--rm", "--network", "mon-dev_default", "--entrypoint", "python3", api.path("image").asText(), "-c",
        "import urllib.request; print(urllib.request.urlopen('http://api:9100/metrics', timeout=10).read().decode())"));
    assertTrue(scraped.contains("# TYPE app_requests_total counter"), scraped);
    assertEquals("/metrics", ContainerTools.run(List.of("podman", "inspect", "--format", "{{index .Config.Labels \"dev.slipway.metrics.path\"}}", "mon-dev-api-1")).strip());

    assertTrue(api.path("cpu").path("cores").isNumber(), api.toString());
    assertEquals(0.5, api.path("cpu").path("limitCores").asDouble(), api.toString());
    assertTrue(api.path("memory").path("bytes").asLong() > 0, api.toString());
    assertEquals(128L * 1024 * 1024, api.path("memory").path("limitBytes").asLong(), api.toString());
    assertTrue(api.path("uptimeSeconds").asLong() >= 0, api.toString());
    assertTrue(api.path("lastHealth").path("ok").asBoolean(), api.toString());
    assertEquals("http://api:9100/metrics (from the project network)", api.path("metrics").asText());

    SlipwayRun watch = slipway("status", "--watch", "--interval", "1", "--count", "2");
    assertEquals(ExitCode.OK, watch.exit(), watch.both());
    assertEquals(2, watch.out().lines().filter(l -> l.matches("every 1s, \\S+Z \\(Ctrl-C to stop\\)")).count(), "not a terminal: one block per reading\n" + watch.out());
    assertEquals(2, watch.out().lines().filter(l -> l.startsWith("api ")).count(), watch.out());
  }

  @Test
  void status_serviceStopped_exits1WithoutUsageAndSaysWhy() {
    SlipwayRun deploy = slipway("deploy", "--to-engine");
    assertEquals(ExitCode.OK, deploy.exit(), deploy.both());
    ContainerTools.run(List.of("podman", "stop", "-t", "2", "mon-dev-api-1"));

    SlipwayRun status = slipway("status", "--watch", "--count", "1", "--output", "json");

    assertEquals(ExitCode.FAILED, status.exit(), status.both());
    assertTrue(status.out().contains("\"usageUnknown\":\"no running container\""), status.out());
    assertTrue(status.out().contains("\"lastHealth\":null"), status.out());
    assertEquals(1, status.out().lines().count(), "--watch --output json: one line per reading\n" + status.out());
    assertTrue(status.err().contains("dev: api is not running (0/1)"), status.err());
  }

  private SlipwayRun slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(), "--set", "baseImage=" + engine.baseImage()));
    args.addAll(Arrays.asList(extra));
    return engine.slipway(Map.of(), args);
  }
}
