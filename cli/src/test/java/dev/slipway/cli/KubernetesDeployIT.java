package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.cli.TestControlPlane.Run;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway deploy --env prod} to a real Kubernetes control plane: kube-apiserver,
 * kube-controller-manager and kube-scheduler built from the k8s.io/kubernetes module, etcd, and
 * kwok playing the kubelet of two fake nodes (scripts/k8s-control-plane). Deployments, ReplicaSets,
 * rollouts and progress deadlines are the real controllers'; pods do not run processes, so kwok
 * decides their state: every pod becomes ready, except those whose image tag asks for a fault
 * ({@code :fake-never-ready}, {@code :fake-crash-loop}; see the control plane's README). The audit
 * log of the API server counts the write requests Slipway sends.
 *
 * <p>Needs {@code SLIPWAY_K8S_KUBECONFIG} (and {@code SLIPWAY_K8S_AUDIT_LOG}); skipped without it
 * unless {@code SLIPWAY_REQUIRE_K8S=1}, as in CI, where a missing control plane fails.
 */
class KubernetesDeployIT {

  private static TestControlPlane cluster;

  @TempDir Path project;
  private String namespace;

  @BeforeAll
  static void controlPlane() {
    cluster = TestControlPlane.require();
  }

  @BeforeEach
  void newNamespace() {
    namespace = "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
  }

  @Test
  void firstDeployAppliesInDependencyOrderAndAnUnchangedRedeploySendsNoObjectWrite() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20);
    Instant start = Instant.now();
    Run first = slipway("deploy");
    assertEquals(0, first.exit(), first.all());
    List<String> writes = cluster.objectWrites(namespace, start);
    int db = TestControlPlane.indexOf(writes, "deployments/db");
    int api = TestControlPlane.indexOf(writes, "deployments/api");
    assertFalse(writes.get(0).contains("/namespaces/" + namespace + "/"), "the namespace first: " + writes);
    assertTrue(db >= 0 && api > db, "db's workload before api's: " + writes);
    assertTrue(writes.stream().filter(w -> w.contains("/namespaces/" + namespace + "/")).allMatch(w -> w.startsWith("patch")),
        "objects are server-side applied (PATCH): " + writes);

    Run status = slipway("status");
    assertEquals(0, status.exit(), status.all());
    assertTrue(status.out().contains("api") && status.out().contains("2/2 healthy"), status.out());
    // Which cluster it read, for someone checking that Slipway talks to what they think.
    assertTrue(status.out().lines().anyMatch(line -> line.matches("cluster: https://\\S+, from " + java.util.regex.Pattern.quote(cluster.kubeconfig().toString()) + " \\(context \\S+\\)")),
        status.out());
    // kwok's nodes run no container, so each pod is named with why it has no lines.
    Run logs = slipway("logs", "api");
    assertEquals(0, logs.exit(), logs.all());
    assertEquals(2, logs.out().lines().filter(line -> line.startsWith("api-")).count(), logs.out());

    Instant again = Instant.now();
    Run redeploy = slipway("deploy");
    assertEquals(0, redeploy.exit(), redeploy.all());
    assertEquals(List.of(), cluster.objectWrites(namespace, again), "an unchanged release writes no object (the Lease and the release record aside)");
  }

  @Test
  void aServiceIsAppliedOnlyAfterWhatItDependsOnIsReady() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:fake-never-ready", 10);
    Instant start = Instant.now();
    Run deploy = slipway("deploy");
    assertEquals(1, deploy.exit(), deploy.all());
    assertTrue(deploy.err().contains("deployment/db"), deploy.all());
    assertTrue(cluster.objectWrites(namespace, start).stream().noneMatch(w -> w.contains("deployments/api")), "api must wait for db: " + cluster.objectWrites(namespace, start));
  }

  @Test
  void anImageChangeRollsAndARolloutPastItsDeadlineIsRolledBack() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 10);
    assertEquals(0, slipway("deploy").exit());
    script("localhost:5000/demo/api:2", "localhost:5000/demo/db:1", 10);
    Run update = slipway("deploy");
    assertEquals(0, update.exit(), update.all());
    assertEquals("localhost:5000/demo/api:2", liveImage("api"));

    script("localhost:5000/demo/api:fake-never-ready", "localhost:5000/demo/db:1", 10);
    long started = System.nanoTime();
    Run broken = slipway("deploy");
    assertEquals(1, broken.exit(), broken.all());
    assertTrue(broken.all().contains("deployment/api"), broken.all());
    assertTrue(broken.err().contains("release 2 restored"), broken.all());
    assertTrue(broken.out().contains("[deploy:api] waiting for the rollout: "), "how long it waited, of the 10 s, shows in a log: " + broken.all());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 90, "the deadline (10 s + margin) ends the wait");
    assertEquals("localhost:5000/demo/api:2", liveImage("api"), "the previous release runs again");
    Run history = slipway("history");
    assertTrue(history.out().contains("failed"), history.out());
  }

  @Test
  void aCrashLoopIsReportedWithItsReasonBeforeTheDeadline() throws Exception {
    script("localhost:5000/demo/api:fake-crash-loop", "localhost:5000/demo/db:1", 120);
    long started = System.nanoTime();
    Run deploy = slipway("deploy");
    assertEquals(1, deploy.exit(), deploy.all());
    assertTrue(deploy.err().contains("CrashLoopBackOff"), deploy.all());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 100, "reported at once, not after the 120 s deadline");
  }

  @Test
  void objectsNoLongerDefinedArePrunedUnlessAskedNotTo() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20, "service('worker') { image 'localhost:5000/demo/worker:1' }");
    assertEquals(0, slipway("deploy").exit());
    assertTrue(kubectl("get", "deployment", "worker", "-n", namespace).contains("worker"));
    // An object of someone else in the namespace is never touched.
    kubectl("create", "configmap", "not-slipways", "-n", namespace, "--from-literal=a=b");

    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20);
    Run kept = slipway("deploy", "--no-prune");
    assertEquals(0, kept.exit(), kept.all());
    assertTrue(kubectl("get", "deployment", "worker", "-n", namespace).contains("worker"), "--no-prune keeps it");

    Run pruned = slipway("deploy");
    assertEquals(0, pruned.exit(), pruned.all());
    assertTrue(pruned.all().contains("deployment/worker"), pruned.all());
    assertFalse(kubectl("get", "deployments", "-n", namespace, "-o", "name").contains("worker"), "pruned");
    assertTrue(kubectl("get", "configmap", "not-slipways", "-n", namespace).contains("not-slipways"));
  }

  @Test
  void aConflictWithAnotherFieldManagerIsReportedThenForced() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20);
    assertEquals(0, slipway("deploy").exit());
    // Someone scales api by hand with their own server-side apply: they now own spec.replicas.
    Path theirs = project.resolve("theirs.yaml");
    Files.writeString(theirs, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: " + namespace + "}\nspec: {replicas: 4}\n");
    kubectl("apply", "--server-side", "--force-conflicts", "--field-manager=ops-team", "-f", theirs.toString());

    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20, "", 3);
    Run conflict = slipway("deploy");
    assertEquals(1, conflict.exit(), conflict.all());
    assertTrue(conflict.all().contains("ops-team") && conflict.all().contains("--force-conflicts"), conflict.all());

    Run forced = slipway("deploy", "--force-conflicts");
    assertEquals(0, forced.exit(), forced.all());
    assertEquals("3", kubectl("get", "deployment", "api", "-n", namespace, "-o", "jsonpath={.spec.replicas}").trim());
  }

  @Test
  void aHeldLeaseStopsASecondDeployAndAnExpiredOneIsTakenOver() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20);
    kubectl("create", "namespace", namespace);
    String lease = "slipway-demo-prod-deploy-lock";
    Path held = project.resolve("lease.yaml");
    Files.writeString(held, leaseYaml(lease, "someone@elsewhere pid 42", Instant.now(), 600));
    kubectl("apply", "-f", held.toString());
    Run blocked = slipway("deploy");
    assertEquals(4, blocked.exit(), blocked.all());
    assertTrue(blocked.err().contains("someone@elsewhere pid 42"), blocked.all());

    Files.writeString(held, leaseYaml(lease, "crashed@elsewhere pid 7", Instant.now().minusSeconds(120), 30));
    kubectl("apply", "-f", held.toString());
    Run taken = slipway("deploy");
    assertEquals(0, taken.exit(), taken.all());
  }

  @Test
  void wrongCredentialsAndAnUnreachableServerExitThreeNamingTheServer() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20);
    String server = kubectl("config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}").trim();
    Path wrongToken = project.resolve("wrong-token.kubeconfig");
    Files.writeString(wrongToken, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: '" + server
        + "', insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: not-a-token}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n");
    Run refused = slipway(Map.of("KUBECONFIG", wrongToken.toString()), "deploy");
    assertEquals(3, refused.exit(), refused.all());
    assertTrue(refused.err().contains(server) && refused.err().contains("401"), refused.all());
    assertEquals(1, refused.err().strip().lines().count(), "one line: " + refused.err());

    Path nowhere = project.resolve("nowhere.kubeconfig");
    Files.writeString(nowhere, Files.readString(wrongToken).replace(server, "https://127.0.0.1:9"));
    Run unreachable = slipway(Map.of("KUBECONFIG", nowhere.toString()), "deploy");
    assertEquals(3, unreachable.exit(), unreachable.all());
    assertTrue(unreachable.err().contains("https://127.0.0.1:9"), unreachable.all());
  }

  @Test
  void diffShowsFieldChangesAgainstTheLiveObjectsAndDestroyRemovesThem() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20);
    assertEquals(0, slipway("deploy").exit());
    Run none = slipway("diff", "--exit-code");
    assertEquals(0, none.exit(), none.all());

    Files.writeString(project.resolve("deploy.groovy"), Files.readString(project.resolve("deploy.groovy")).replace("'hello'", "'bonjour'"));
    Run diff = slipway("diff", "--exit-code");
    assertEquals(1, diff.exit(), diff.all());
    assertTrue(diff.out().contains("~ configmap/api-env data.GREETING: hello -> bonjour"), diff.out());
    assertTrue(diff.out().contains("~ deployment/api spec.template.metadata.annotations"), diff.out());

    Run destroy = slipway("destroy");
    assertEquals(0, destroy.exit(), destroy.all());
    assertEquals("", kubectl("get", "deployments,services,configmaps", "-n", namespace, "-l", "app.kubernetes.io/managed-by=slipway", "-o", "name").trim());
    Run status = slipway("status");
    assertEquals(1, status.exit(), status.all());
    assertTrue(status.out().contains("destroyed"), status.out());
  }

  @Test
  void anApiServerThatStopsAnsweringMidDeploy_exitsThreeSayingWhatIsKnownAndTheNextDeployRecovers() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 120);
    assertEquals(0, slipway("deploy").exit());
    script("localhost:5000/demo/api:fake-never-ready", "localhost:5000/demo/db:1", 120);
    // The API server's own process, frozen (SIGSTOP) while the deploy waits for the rollout:
    // connections open but nothing answers, as with a server that hangs or a network that drops.
    long apiServer = Long.parseLong(Files.readString(cluster.kubeconfig().getParent().resolve("pids/kube-apiserver.pid")).strip());
    StringWriter out = new StringWriter();
    Thread freezer = new Thread(() -> {
      try {
        while (!out.toString().contains("[deploy:api]")) {
          Thread.sleep(200);
        }
        Thread.sleep(2000);
        signal("STOP", apiServer);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    freezer.start();
    Run lost;
    try {
      lost = slipway(Map.of(), out, "deploy");
    } finally {
      freezer.join(5000);
      signal("CONT", apiServer);
    }
    assertEquals(3, lost.exit(), lost.all());
    String line = lost.err().strip();
    assertEquals(1, line.lines().count(), lost.all());
    assertTrue(line.contains("unreachable") && line.contains("release 2") && line.contains("stays in progress"), line);

    script("localhost:5000/demo/api:2", "localhost:5000/demo/db:1", 120);
    Run next = slipway("deploy");
    assertEquals(0, next.exit(), next.all());
    assertEquals("localhost:5000/demo/api:2", liveImage("api"));
    // Release 2's owner is this test's own JVM (the CLI runs in-process), which still runs: the
    // checkup leaves it in progress, where a separate deploy process that exited would see it
    // marked interrupted (ReleaseCheckupTest covers that rule).
    assertTrue(slipway("history").out().matches("(?s).*\\n *2 .*in-progress.*"), slipway("history").out());
  }

  @Test
  void aChangedProjectFileRollsTheServiceAndAnUnchangedOneWritesNothing() throws Exception {
    Files.createDirectories(project.resolve("conf"));
    Files.writeString(project.resolve("conf/app.conf"), "greeting = hello\n");
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'demo'",
        "service('api') {",
        "    image 'localhost:5000/demo/api:1'",
        "    port 8000",
        "    file 'conf/app.conf', '/etc/app/app.conf'",
        "    health tcp(8000), deadline: 20",
        "}",
        "environments {",
        "    prod { target kubernetes(namespace: '" + namespace + "') }",
        "}",
        ""));
    assertEquals(0, slipway("deploy").exit());
    assertEquals("greeting = hello\n", kubectl("get", "configmap", "api-files", "-n", namespace, "-o", "jsonpath={.data.etc_app_app\\.conf}"));
    assertEquals("/etc/app/app.conf etc_app_app.conf true", kubectl("get", "deployment", "api", "-n", namespace, "-o",
        "jsonpath={.spec.template.spec.containers[0].volumeMounts[0].mountPath} {.spec.template.spec.containers[0].volumeMounts[0].subPath}"
            + " {.spec.template.spec.containers[0].volumeMounts[0].readOnly}"));
    String firstDigest = filesDigest("api");
    Instant unchanged = Instant.now();
    assertEquals(0, slipway("deploy").exit());
    assertEquals(List.of(), cluster.objectWrites(namespace, unchanged), "the same file content writes nothing");

    Files.writeString(project.resolve("conf/app.conf"), "greeting = bonjour\n");
    Instant changed = Instant.now();
    Run redeploy = slipway("deploy");
    assertEquals(0, redeploy.exit(), redeploy.all());

    List<String> writes = cluster.objectWrites(namespace, changed);
    int configMap = TestControlPlane.indexOf(writes, "configmaps/api-files");
    int deployment = TestControlPlane.indexOf(writes, "deployments/api");
    assertTrue(configMap >= 0 && deployment > configMap, "the new content first, then the Deployment patched to roll onto it: " + writes);
    assertTrue(writes.get(deployment).startsWith("patch"), writes.toString());
    assertEquals("greeting = bonjour\n", kubectl("get", "configmap", "api-files", "-n", namespace, "-o", "jsonpath={.data.etc_app_app\\.conf}"));
    assertFalse(firstDigest.isEmpty());
    assertFalse(firstDigest.equals(filesDigest("api")), "the pod template's files digest changed");
    assertEquals(2, kubectl("get", "replicasets", "-n", namespace, "-l", "app.kubernetes.io/name=api", "-o", "name").strip().lines().count(),
        "a subPath mount never sees a new ConfigMap, so the pods were replaced: a new ReplicaSet");
  }

  @Test
  void networksBecomeNetworkPoliciesAppliedWithTheirServicePrunedWithItAndRemovedBeforeAnyPodRollsWhenNoNetworkIsLeft() throws Exception {
    networkScript("service('web') { image 'localhost:5000/demo/web:1'; port 80; network 'front' }");
    Instant first = Instant.now();
    Run deploy = slipway("deploy");
    assertEquals(0, deploy.exit(), deploy.all());

    List<String> firstWrites = cluster.objectWrites(namespace, first);
    for (String service : List.of("db", "api", "web")) {
      int policy = TestControlPlane.indexOf(firstWrites, "/networkpolicies/" + service);
      assertTrue(policy >= 0 && TestControlPlane.indexOf(firstWrites, "/deployments/" + service) > policy,
          "a service's pods start guarded, and a dependency admits its dependents' network before they roll: " + firstWrites);
    }
    assertEquals(List.of("api", "db", "web"), policies());
    assertEquals("network.dev.slipway/back", kubectl("get", "networkpolicy", "db", "-n", namespace, "-o",
        "jsonpath={.spec.ingress[0].from[0].podSelector.matchLabels}").replaceAll(".*\"(network[^\"]+)\".*", "$1"));
    assertEquals("true true", kubectl("get", "deployment", "api", "-n", namespace, "-o",
        "jsonpath={.spec.template.metadata.labels.network\\.dev\\.slipway/front} {.spec.template.metadata.labels.network\\.dev\\.slipway/back}"));
    assertEquals("", kubectl("get", "deployment", "db", "-n", namespace, "-o", "jsonpath={.spec.template.metadata.labels.network\\.dev\\.slipway/front}"),
        "db is not on front: web cannot reach it");

    networkScript("");
    Run withoutWeb = slipway("deploy");
    assertEquals(0, withoutWeb.exit(), withoutWeb.all());
    assertTrue(withoutWeb.all().contains("networkpolicy/web"), withoutWeb.all());
    assertEquals(List.of("api", "db"), policies(), "pruned with its service");

    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20);
    Instant removed = Instant.now();
    Run without = slipway("deploy", "--no-prune");
    assertEquals(0, without.exit(), without.all());
    assertTrue(without.all().contains("networkpolicy/api") && without.all().contains("networkpolicy/db"), without.all());
    assertEquals(List.of(""), policies(), "removed with the networks, even with --no-prune");
    List<String> removals = cluster.objectWrites(namespace, removed);
    int lastDelete = lastIndexOf(removals, "delete /apis/networking.k8s.io/v1/namespaces/" + namespace + "/networkpolicies/");
    assertTrue(lastDelete >= 0 && TestControlPlane.indexOf(removals, "/deployments/db") > lastDelete,
        "no old policy is left to shut out the new, unlabelled pods: " + removals);
  }

  /** db on back, api on front and back, and {@code extra}. */
  private void networkScript(String extra) throws IOException {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20, extra);
    Files.writeString(project.resolve("deploy.groovy"), Files.readString(project.resolve("deploy.groovy"))
        .replace("    port 5432\n", "    port 5432\n    network 'back'\n")
        .replace("    port 8000\n", "    port 8000\n    network 'front', 'back'\n"));
  }

  private List<String> policies() throws Exception {
    return List.of(kubectl("get", "networkpolicies", "-n", namespace, "-o", "jsonpath={.items[*].metadata.name}").strip().split(" "));
  }

  private static int lastIndexOf(List<String> writes, String part) {
    int last = -1;
    for (int i = 0; i < writes.size(); i++) {
      if (writes.get(i).contains(part)) {
        last = i;
      }
    }
    return last;
  }

  @Test
  void containerSettingsReachTheLiveDeploymentAsKubernetesNamesThem() throws Exception {
    script("localhost:5000/demo/api:1", "localhost:5000/demo/db:1", 20);
    Files.writeString(project.resolve("deploy.groovy"), Files.readString(project.resolve("deploy.groovy"))
        .replace("    port 8000\n", String.join("\n",
            "    port 8000, name: 'http'",
            "    expose 9090, name: 'metrics'",
            "    entrypoint(['tini', '--'])",
            "    command(['serve', '--port', '8000'])",
            "    stopSignal 'SIGINT'",
            "    secret 'db-password', fromEnv: 'DEMO_DB_PASSWORD'",
            "")));
    Run deploy = slipway(Map.of("DEMO_DB_PASSWORD", "s3cret"), "deploy");
    assertEquals(0, deploy.exit(), deploy.all());

    String container = "{.spec.template.spec.containers[0]";
    assertEquals("[\"tini\",\"--\"] [\"serve\",\"--port\",\"8000\"]",
        kubectl("get", "deployment", "api", "-n", namespace, "-o", "jsonpath=" + container + ".command} " + container + ".args}"));
    assertTrue(kubectl("get", "deployment", "api", "-n", namespace, "-o", "jsonpath=" + container + ".lifecycle.preStop.exec.command}")
        .contains("kill -INT 1"));
    assertEquals("http:8000 metrics:9090", kubectl("get", "service", "api", "-n", namespace, "-o",
        "jsonpath={range .spec.ports[*]}{.name}:{.port} {end}").strip());
    assertEquals("DB_PASSWORD_FILE=/run/secrets/db-password", kubectl("get", "deployment", "api", "-n", namespace, "-o",
        "jsonpath=" + container + ".env[0].name}=" + container + ".env[0].value}"));
    assertEquals("s3cret", new String(Base64.getDecoder().decode(
        kubectl("get", "secret", "api-secrets", "-n", namespace, "-o", "jsonpath={.data.db-password}").strip()), StandardCharsets.UTF_8));
  }

  private String filesDigest(String deployment) throws Exception {
    return kubectl("get", "deployment", deployment, "-n", namespace, "-o",
        "jsonpath={.spec.template.metadata.annotations.dev\\.slipway/files-sha256}").strip();
  }

  private static void signal(String signal, long pid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
  }

  // --- fixtures

  private void script(String apiImage, String dbImage, int deadlineSeconds) throws IOException {
    script(apiImage, dbImage, deadlineSeconds, "", 2);
  }

  private void script(String apiImage, String dbImage, int deadlineSeconds, String extra) throws IOException {
    script(apiImage, dbImage, deadlineSeconds, extra, 2);
  }

  private void script(String apiImage, String dbImage, int deadlineSeconds, String extra, int apiReplicas) throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'demo'",
        "service('db') {",
        "    image '" + dbImage + "'",
        "    port 5432",
        "    health tcp(5432), deadline: " + deadlineSeconds,
        "}",
        "service('api') {",
        "    image '" + apiImage + "'",
        "    port 8000",
        "    env GREETING: 'hello'",
        "    health http('/healthz'), deadline: " + deadlineSeconds,
        "    dependsOn 'db'",
        "    replicas " + apiReplicas,
        "}",
        extra,
        "environments {",
        "    prod { target kubernetes(namespace: '" + namespace + "') }",
        "}",
        ""));
  }

  private static String leaseYaml(String name, String holder, Instant renewed, int seconds) {
    String time = renewed.toString().replaceFirst("(\\.\\d{6})\\d*Z$", "$1Z");
    if (!time.contains(".")) {
      time = time.replace("Z", ".000000Z");
    }
    return "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: " + name + ", namespace: NS}\nspec:\n  holderIdentity: '" + holder
        + "'\n  leaseDurationSeconds: " + seconds + "\n  acquireTime: '" + time + "'\n  renewTime: '" + time + "'\n";
  }

  private String liveImage(String deployment) throws Exception {
    return kubectl("get", "deployment", deployment, "-n", namespace, "-o", "jsonpath={.spec.template.spec.containers[0].image}").trim();
  }

  /** kubectl; a manifest file passed to {@code apply} has its {@code namespace: NS} set to the test's. */
  private String kubectl(String... args) throws IOException, InterruptedException {
    if (args.length > 0 && args[0].equals("apply")) {
      Path file = Path.of(args[args.length - 1]);
      Files.writeString(file, Files.readString(file).replace("namespace: NS", "namespace: " + namespace));
    }
    return cluster.kubectl(args);
  }

  private Run slipway(String command, String... extra) {
    return slipway(Map.of(), command, extra);
  }

  private Run slipway(Map<String, String> overrides, String command, String... extra) {
    return slipway(overrides, new StringWriter(), command, extra);
  }

  /** @param out where the command prints, which a test may read while it runs */
  private Run slipway(Map<String, String> overrides, StringWriter out, String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString(), "--env", "prod"));
    args.addAll(Arrays.asList(extra));
    return cluster.slipway(overrides, out, args);
  }

}
