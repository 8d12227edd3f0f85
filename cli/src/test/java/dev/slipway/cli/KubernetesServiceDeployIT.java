package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code slipway deploy --env prod SERVICE}, {@code scale} and a rollback of a one-service release
 * on the real control plane ({@link TestControlPlane}): what the API server's audit log shows was
 * written, and what runs afterwards.
 */
class KubernetesServiceDeployIT {

  private static TestControlPlane cluster;

  @TempDir Path project;
  private String namespace;

  @BeforeAll
  static void controlPlane() {
    cluster = TestControlPlane.require();
  }

  @BeforeEach
  void newNamespace() {
    namespace = "m2-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    cluster.kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
  }

  @Test
  void deployOfOneService_writesOnlyItsObjects_andItsRollbackRestoresOnlyIt() throws Exception {
    script("1", "1", 2);
    assertEquals(0, slipway("deploy").exit());

    script("2", "2", 2);
    Instant start = Instant.now();
    // worker's secret is not on this machine: a deploy of api alone neither needs nor sends it.
    Run api = cluster.slipway(Map.of(), new StringWriter(), arguments("deploy", "api"));
    assertEquals(0, api.exit(), api.all());
    List<String> writes = objectWrites(start);
    assertFalse(writes.isEmpty());
    assertTrue(writes.stream().allMatch(w -> w.matches(".*/(configmaps|deployments|services|horizontalpodautoscalers|poddisruptionbudgets)/api")),
        "only api's objects are written: " + writes);
    assertEquals("localhost:5000/demo/api:2", liveImage("api"));
    assertEquals("localhost:5000/demo/worker:1", liveImage("worker"), "worker keeps its recorded image though the script changed it");

    Run status = slipway("status", "api");
    assertEquals(0, status.exit(), status.all());
    assertTrue(status.out().matches("(?s).*api +2/2 healthy.*") && !status.out().contains("worker"), status.out());

    Instant back = Instant.now();
    Run rollback = slipway("rollback");
    assertEquals(0, rollback.exit(), rollback.all());
    assertEquals("localhost:5000/demo/api:1", liveImage("api"));
    assertTrue(objectWrites(back).stream().allMatch(w -> w.endsWith("/api")), objectWrites(back).toString());
  }

  @Test
  void scale_setsTheCountOrTheAutoscalersFloor_aScriptSayingTheSameThenWritesNothing() throws Exception {
    script("1", "1", 2);
    assertEquals(0, slipway("deploy").exit());

    Instant start = Instant.now();
    Run scaled = slipway("scale", "api=3");
    assertEquals(0, scaled.exit(), scaled.all());
    assertEquals(List.of("patch /apis/apps/v1/namespaces/" + namespace + "/deployments/api"), objectWrites(start));
    assertEquals("3 3", kubectl("get", "deployment", "api", "-o", "jsonpath={.spec.replicas} {.status.readyReplicas}"));

    Run worker = slipway("scale", "worker=3");
    assertEquals(0, worker.exit(), worker.all());
    assertEquals("3 4", kubectl("get", "hpa", "worker", "-o", "jsonpath={.spec.minReplicas} {.spec.maxReplicas}"));
    assertEquals("3 3", kubectl("get", "deployment", "worker", "-o", "jsonpath={.spec.replicas} {.status.readyReplicas}"),
        "scale returns once the autoscaler's new floor is ready");

    Run status = slipway("status");
    assertEquals(0, status.exit(), status.all());
    assertTrue(status.out().matches("(?s).*api +3/3 healthy.*") && status.out().matches("(?s).*worker +3/3 healthy.*"), status.out());

    // The script now says what scale set: the files are the same, so nothing is sent.
    script("1", "1", 3);
    Instant same = Instant.now();
    Run deploy = slipway("deploy", "api");
    assertEquals(0, deploy.exit(), deploy.all());
    assertEquals(List.of(), objectWrites(same));
  }

  /** What Slipway wrote: the audit log's writes without kwok's, which plays the nodes' kubelets (pod status, pod deletion). */
  private List<String> objectWrites(Instant since) throws IOException {
    return cluster.objectWrites(namespace, since).stream().filter(write -> !write.contains("/pods/")).toList();
  }

  /** db, api (on db, {@code apiReplicas} copies) and worker (on api, autoscaled 1 to 4, with a secret), images at tags. */
  private void script(String apiTag, String workerTag, int apiReplicas) throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'demo'",
        "service('db') {",
        "    image 'localhost:5000/demo/db:1'",
        "    port 5432",
        "    health tcp(5432), deadline: 30",
        "}",
        "service('api') {",
        "    image 'localhost:5000/demo/api:" + apiTag + "'",
        "    port 8000",
        "    env GREETING: 'hello'",
        "    health http('/healthz'), deadline: 30",
        "    dependsOn 'db'",
        "    replicas " + apiReplicas,
        "}",
        "service('worker') {",
        "    image 'localhost:5000/demo/worker:" + workerTag + "'",
        "    port 9000",
        "    health tcp(9000), deadline: 30",
        "    dependsOn 'api'",
        "    autoscale min: 1, max: 4, cpu: 70",
        "    secret 'WORKER_TOKEN', fromEnv: 'DEMO_WORKER_TOKEN'",
        "}",
        "environments {",
        "    prod { target kubernetes(namespace: '" + namespace + "') }",
        "}",
        ""));
  }

  private String liveImage(String deployment) throws Exception {
    return kubectl("get", "deployment", deployment, "-o", "jsonpath={.spec.template.spec.containers[0].image}");
  }

  private String kubectl(String... args) throws Exception {
    List<String> inNamespace = new ArrayList<>(Arrays.asList(args));
    inNamespace.addAll(List.of("-n", namespace));
    return cluster.kubectl(inNamespace.toArray(String[]::new)).trim();
  }

  /** Slipway on a machine that has every secret's value. */
  private Run slipway(String command, String... extra) {
    return cluster.slipway(Map.of("DEMO_WORKER_TOKEN", "w0rker-t0ken"), new StringWriter(), arguments(command, extra));
  }

  private List<String> arguments(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(), "--env", "prod"));
    args.addAll(Arrays.asList(extra));
    return args;
  }
}
