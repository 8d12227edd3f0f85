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
import java.time.Instant;
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
 * A pipeline's {@code run service: ..., command: ...} as a Kubernetes Job on the real control
 * plane (scripts/k8s-control-plane): the Job controller is the real one, and kwok finishes the
 * Job's pod: it succeeds, unless the image tag is {@code :fake-job-fail}, when it fails with exit
 * code 1. Needs {@code SLIPWAY_K8S_KUBECONFIG} and {@code SLIPWAY_K8S_AUDIT_LOG}; skipped without
 * them unless {@code SLIPWAY_REQUIRE_K8S=1}.
 */
class KubernetesJobIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestControlPlane cluster;

  @TempDir Path project;
  private String namespace;

  @BeforeAll
  static void controlPlane() {
    cluster = TestControlPlane.require();
  }

  @BeforeEach
  void newNamespace() {
    namespace = "it-job-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
  }

  @Test
  void aMigrateJobCompletesBeforeTheDeployGoesOnAndCarriesTheServicesPod() throws Exception {
    script("localhost:5000/demo/api:1");
    Instant start = Instant.now();

    Run deploy = slipway("deploy", "--no-prune");

    assertEquals(0, deploy.exit(), deploy.all());
    assertTrue(deploy.out().contains("run:migrate:api  succeeded"), deploy.all());
    List<String> writes = cluster.objectWrites(namespace, start);
    int job = TestControlPlane.indexOf(writes, "/jobs/api-migrate-");
    int configMap = TestControlPlane.indexOf(writes, "/configmaps/api-env");
    int db = TestControlPlane.indexOf(writes, "/deployments/db");
    assertTrue(configMap >= 0 && job > configMap, "what the Job's pod reads is applied before it, on a first deploy too: " + writes);
    assertTrue(db > job, "the deploy stage starts after the Job completed: " + writes);

    JsonNode jobs = JSON.readTree(kubectl("get", "jobs", "-n", namespace, "-l", "app.kubernetes.io/component=api", "-o", "json")).path("items");
    assertEquals(1, jobs.size(), jobs.toString());
    JsonNode live = jobs.get(0);
    assertTrue(live.path("metadata").path("name").asText().matches("api-migrate-[0-9a-f]{8}"), live.path("metadata").toString());
    JsonNode labels = live.path("metadata").path("labels");
    assertEquals("slipway", labels.path("app.kubernetes.io/managed-by").asText());
    assertEquals("demo-prod", labels.path("app.kubernetes.io/instance").asText());
    assertEquals(0, live.path("spec").path("backoffLimit").asInt(-1));
    assertEquals(86400, live.path("spec").path("ttlSecondsAfterFinished").asInt());
    assertEquals(20, live.path("spec").path("activeDeadlineSeconds").asInt(), "the service's health deadline");
    JsonNode pod = live.path("spec").path("template").path("spec");
    assertEquals("Never", pod.path("restartPolicy").asText());
    JsonNode container = pod.path("containers").get(0);
    assertEquals("localhost:5000/demo/api:1", container.path("image").asText());
    assertEquals(List.of("sh", "-c", "python manage.py migrate"), strings(container.path("command")));
    assertEquals("api-env", container.path("envFrom").get(0).path("configMapRef").path("name").asText());
    assertEquals("api-secrets", pod.path("volumes").get(0).path("secret").path("secretName").asText());
    assertTrue(container.path("readinessProbe").isMissingNode() && container.path("ports").isMissingNode(), container.toString());
    assertEquals("True", conditionStatus(live, "Complete"), live.path("status").toString());
    assertEquals("", kubectl("get", "pods", "-n", namespace, "-l", "app.kubernetes.io/name=api", "-o", "jsonpath={.items[*].metadata.labels.batch\\.kubernetes\\.io/job-name}").trim(),
        "the service's selector does not pick the Job's pod");

    Run pruned = slipway("deploy");
    assertEquals(0, pruned.exit(), pruned.all());
    assertEquals("", kubectl("get", "jobs", "-n", namespace, "-o", "name").trim(), "prune removes the finished Jobs, which no release keeps");
  }

  @Test
  void aFailingMigrateJobFailsTheStageWithItsExitCodeAndNothingIsDeployed() throws Exception {
    script("localhost:5000/demo/api:fake-job-fail");

    Run deploy = slipway("deploy");

    assertEquals(1, deploy.exit(), deploy.all());
    assertTrue(deploy.err().matches("(?s)run:migrate:api: job/api-migrate-[0-9a-f]{8} .*failed.*exited with code 1.*"), deploy.all());
    assertTrue(deploy.out().contains("deploy:db  skipped") && deploy.out().contains("deploy:api  skipped"), deploy.all());
    assertEquals("", kubectl("get", "deployments", "-n", namespace, "-o", "name").trim(), "no service was deployed");
    Run history = slipway("history");
    assertTrue(history.out().contains("failed"), history.all());
  }

  @Test
  void aRunAloneRecordsNoRelease() throws Exception {
    script("localhost:5000/demo/api:1");

    Run migrate = slipway("deploy", "--only", "migrate");

    assertEquals(0, migrate.exit(), migrate.all());
    assertTrue(migrate.out().contains("run:migrate:api  succeeded"), migrate.all());
    Run status = slipway("status");
    assertTrue(status.out().contains("not deployed"), "the run applied no service: " + status.all());
  }

  private void script(String apiImage) throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'demo'",
        "service('db') {",
        "    image 'localhost:5000/demo/db:1'",
        "    port 5432",
        "    health tcp(5432), deadline: 20",
        "}",
        "service('api') {",
        "    image '" + apiImage + "'",
        "    port 8000",
        "    env GREETING: 'hello'",
        "    secret 'API_TOKEN', fromEnv: 'JOB_IT_TOKEN'",
        "    health http('/healthz'), deadline: 20",
        "    dependsOn 'db'",
        "}",
        "pipeline {",
        "    stage('migrate') { run service: 'api', command: 'python manage.py migrate' }",
        "    stage('deploy') { deploy() }",
        "}",
        "environments {",
        "    prod { target kubernetes(namespace: '" + namespace + "') }",
        "}",
        ""));
  }

  private static String conditionStatus(JsonNode job, String type) {
    for (JsonNode condition : job.path("status").path("conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return condition.path("status").asText();
      }
    }
    return "absent";
  }

  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(item -> strings.add(item.asText()));
    return strings;
  }

  private String kubectl(String... args) throws IOException, InterruptedException {
    return cluster.kubectl(args);
  }

  private Run slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(), "--env", "prod"));
    args.addAll(Arrays.asList(extra));
    return cluster.slipway(Map.of("JOB_IT_TOKEN", "s3cret"), new StringWriter(), args);
  }
}
