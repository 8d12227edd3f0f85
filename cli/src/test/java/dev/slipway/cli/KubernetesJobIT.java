package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
  private static Path kubeconfig;
  private static Path auditLog;
  private static Path kubectl;

  @TempDir Path project;
  private String namespace;

  @BeforeAll
  static void controlPlane() {
    String config = System.getenv("SLIPWAY_K8S_KUBECONFIG");
    if (config == null || config.isBlank()) {
      if ("1".equals(System.getenv("SLIPWAY_REQUIRE_K8S"))) {
        fail("SLIPWAY_REQUIRE_K8S=1 but SLIPWAY_K8S_KUBECONFIG is not set: start scripts/k8s-control-plane/run and export it");
      }
      assumeTrue(false, "SLIPWAY_K8S_KUBECONFIG is not set: these tests need scripts/k8s-control-plane (see its README)");
    }
    kubeconfig = Path.of(config);
    auditLog = Path.of(System.getenv().getOrDefault("SLIPWAY_K8S_AUDIT_LOG", kubeconfig.getParent().resolve("logs/audit.log").toString()));
    kubectl = Path.of(System.getenv().getOrDefault("SLIPWAY_K8S_BIN", "/var/tmp/slipway/k8s/1.34.4-0.7.0/bin"), "kubectl");
    assertTrue(Files.isRegularFile(kubeconfig), "no kubeconfig at " + kubeconfig);
    assertTrue(Files.isRegularFile(auditLog), "no audit log at " + auditLog + ": set SLIPWAY_K8S_AUDIT_LOG");
    assertTrue(Files.isExecutable(kubectl), "no kubectl at " + kubectl + ": set SLIPWAY_K8S_BIN");
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
    List<String> writes = objectWrites(start);
    int job = indexOf(writes, "/jobs/api-migrate-");
    int configMap = indexOf(writes, "/configmaps/api-env");
    int db = indexOf(writes, "/deployments/db");
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
        "    health tcp(5432), timeout: 20",
        "}",
        "service('api') {",
        "    image '" + apiImage + "'",
        "    port 8000",
        "    env GREETING: 'hello'",
        "    secret 'API_TOKEN', fromEnv: 'JOB_IT_TOKEN'",
        "    health http('/healthz'), timeout: 20",
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

  /** The write requests (verb and URI) sent for this test's namespace since {@code since}, in order, Slipway's own bookkeeping left out. */
  private List<String> objectWrites(Instant since) throws IOException {
    List<String> writes = new ArrayList<>();
    for (String line : Files.readAllLines(auditLog, StandardCharsets.UTF_8)) {
      JsonNode event = JSON.readTree(line);
      String user = event.path("user").path("username").asText();
      if (user.startsWith("system:") || Instant.parse(event.path("requestReceivedTimestamp").asText()).isBefore(since)) {
        continue;
      }
      String resource = event.path("objectRef").path("resource").asText();
      String name = event.path("objectRef").path("name").asText();
      boolean inNamespace = namespace.equals(event.path("objectRef").path("namespace").asText())
          || resource.equals("namespaces") && namespace.equals(name);
      if (!inNamespace || resource.equals("leases") || resource.equals("secrets") && name.contains("-release-")) {
        continue;
      }
      writes.add(event.path("verb").asText() + " " + event.path("requestURI").asText().replaceFirst("\\?.*", ""));
    }
    return writes;
  }

  private static int indexOf(List<String> writes, String part) {
    for (int i = 0; i < writes.size(); i++) {
      if (writes.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  private String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 && !args[0].equals("get")) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }

  private Run slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(), "--env", "prod"));
    args.addAll(Arrays.asList(extra));
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("KUBECONFIG", kubeconfig.toString());
    environment.put("JOB_IT_TOKEN", "s3cret");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), environment))
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {
    String all() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
