package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.TestControlPlane.Run;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring on the real control plane (see {@link KubernetesDeployIT}): the scrape annotations,
 * the ServiceMonitor without and with the Prometheus Operator's CRD (a minimal stand-in CRD, same
 * group and kind, installed and deleted here), and {@code status} where no metrics server runs.
 * The metrics API's present path is not exercised here: this control plane has no metrics-server
 * (PodMetricsTest reads a recorded answer).
 */
class KubernetesMonitoringIT {

  private static final String CRD = "servicemonitors.monitoring.coreos.com";

  private static TestControlPlane cluster;

  @TempDir Path project;
  private String namespace;

  @BeforeAll
  static void controlPlane() {
    cluster = TestControlPlane.require();
  }

  @BeforeEach
  void newNamespace() throws IOException {
    namespace = "mon-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'mon'",
        "service('api') {",
        "    image 'localhost:5000/mon/api:1'",
        "    port 8000",
        "    expose 9100, name: 'metrics'",
        "    metrics '/metrics', port: 9100",
        "    resources cpu: '500m', memory: '128Mi'",
        "    health http('/healthz'), deadline: 60",
        "}",
        "environments {",
        "    prod { target kubernetes(namespace: '" + namespace + "') }",
        "}",
        ""));
  }

  @AfterEach
  void cleanUp() throws Exception {
    cluster.kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
    cluster.kubectl("delete", "crd", CRD, "--ignore-not-found");
  }

  @Test
  void deploy_withoutThenWithServiceMonitorCrd_appliesItOnlyWhereServed_andStatusSaysNoMetricsServer() throws Exception {
    cluster.kubectl("delete", "crd", CRD, "--ignore-not-found");

    Run first = slipway("deploy");

    assertEquals(0, first.exit(), first.all());
    assertTrue(first.out().contains("servicemonitor/api not applied: the cluster does not serve monitoring.coreos.com/v1 ServiceMonitor"), first.all());
    String annotations = cluster.kubectl("get", "pods", "-n", namespace, "-l", "app.kubernetes.io/name=api", "-o", "jsonpath={.items[0].metadata.annotations}");
    JsonNode pod = new ObjectMapper().readTree(annotations);
    assertEquals("true", pod.path("prometheus.io/scrape").asText(), annotations);
    assertEquals("9100", pod.path("prometheus.io/port").asText(), annotations);
    assertEquals("/metrics", pod.path("prometheus.io/path").asText(), annotations);

    Run status = slipway("status");
    assertEquals(0, status.exit(), status.all());
    assertTrue(status.out().lines().anyMatch(l -> l.matches("api +1/1 healthy +restarts 0 +cpu \\?/50% +mem \\?/128MiB +up \\d+s .*")), status.all());
    assertTrue(status.out().contains("  usage unknown: no metrics server (the cluster does not serve metrics.k8s.io)"), status.all());
    assertTrue(status.out().lines().anyMatch(l -> l.matches("  last health check \\S+Z: ok — pod api-\\S+ ready")), status.all());
    assertTrue(status.out().contains("  metrics: http://api." + namespace + ".svc:9100/metrics (in the cluster; pods annotated prometheus.io/scrape, no ServiceMonitor CRD)"),
        status.all());

    cluster.kubectl("apply", "-f", Path.of("src/test/resources/k8s/servicemonitor-crd.yaml").toAbsolutePath().toString());
    cluster.kubectl("wait", "--for=condition=Established", "crd/" + CRD, "--timeout=30s");

    Run second = slipway("deploy");

    assertEquals(0, second.exit(), second.all());
    assertTrue(!second.out().contains("servicemonitor/api not applied"), second.all());
    JsonNode monitor = new ObjectMapper().readTree(cluster.kubectl("get", "servicemonitor", "api", "-n", namespace, "-o", "json"));
    assertEquals("metrics", monitor.path("spec").path("endpoints").get(0).path("port").asText(), monitor.toString());
    assertEquals("/metrics", monitor.path("spec").path("endpoints").get(0).path("path").asText(), monitor.toString());
    JsonNode json = new ObjectMapper().readTree(slipway("status", "--output", "json").out());
    assertEquals("http://api." + namespace + ".svc:9100/metrics (in the cluster; servicemonitor/api)", json.path("services").get(0).path("metrics").asText(), json.toString());
    assertEquals(128L * 1024 * 1024, json.path("services").get(0).path("memory").path("limitBytes").asLong(), json.toString());
    assertTrue(json.path("services").get(0).path("cpu").path("cores").isNull(), json.toString());
  }

  private Run slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(), "--env", "prod"));
    args.addAll(Arrays.asList(extra));
    return cluster.slipway(Map.of(), new StringWriter(), args);
  }
}
