package dev.slipway.k8s.render;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class KubernetesRendererTest {

  /** Run with {@code -Dslipway.updateGolden=true} to rewrite the golden files after an intended change. */
  private static final Path GOLDEN = Path.of("src/test/resources/golden/shop-dev");

  private static final Map<String, String> SELECTOR_WEB = Map.of("app.kubernetes.io/name", "web", "app.kubernetes.io/instance", "shop-dev");

  private final KubernetesRenderer renderer = new KubernetesRenderer(RichProject.NAMESPACE);

  // --- files, order, determinism -------------------------------------------------------------

  @Test
  void render_richProject_oneFilePerObjectNumberedInApplyOrder() {
    List<String> paths = renderer.render(RichProject.request()).stream().map(RenderedFile::path).toList();

    assertEquals(
        List.of(
            "01-namespace-shop-dev.yaml",
            "02-configmap-web-env.yaml",
            "03-secret-web-secrets.yaml",
            "04-service-web.yaml",
            "05-deployment-web.yaml",
            "06-configmap-db-env.yaml",
            "07-secret-db-secrets.yaml",
            "08-service-db.yaml",
            "09-service-db-headless.yaml",
            "10-statefulset-db.yaml",
            "11-service-worker.yaml",
            "12-deployment-worker.yaml",
            "13-horizontalpodautoscaler-worker.yaml",
            "14-poddisruptionbudget-worker.yaml",
            "15-service-redis.yaml",
            "16-deployment-redis.yaml"),
        paths);
  }

  @Test
  void render_moreThan99Objects_numbersWideEnoughToSortInApplyOrder() {
    Service[] services = new Service[120];
    for (int i = 0; i < services.length; i++) {
      services[i] = service("s" + i).image("busybox:1").build();
    }

    List<String> paths = renderer.render(request(services)).stream().map(RenderedFile::path).toList();

    assertEquals("001-namespace-shop-dev.yaml", paths.get(0));
    assertEquals("121-deployment-s119.yaml", paths.get(120));
    assertEquals(paths.stream().sorted().toList(), paths);
  }

  @Test
  void render_sameProjectTwice_isByteIdentical() {
    List<RenderedFile> first = renderer.render(RichProject.request());
    List<RenderedFile> second = new KubernetesRenderer(RichProject.NAMESPACE).render(RichProject.request());

    assertEquals(first, second);
  }

  @Test
  void render_mapsFilledInDifferentOrders_isByteIdentical() {
    Map<String, String> images = new HashMap<>();
    Map<String, String> reversedImages = new TreeMap<>(Comparator.reverseOrder());
    Service forward = service("api").image("api:1").port(80).env("ALPHA", "1").env("BETA", "2").env("GAMMA", "3").build();
    Service backward = service("api").image("api:1").port(80).env("GAMMA", "3").env("BETA", "2").env("ALPHA", "1").build();
    Service cache = service("cache").image("redis:7").build();
    images.put("api", "api:1");
    images.put("cache", "redis:7");
    reversedImages.putAll(images);

    List<RenderedFile> first = renderer.render(request(images, forward, cache));
    List<RenderedFile> second = renderer.render(request(reversedImages, backward, cache));

    assertEquals(first, second);
  }

  @Test
  void render_richProject_matchesGoldenFiles() throws IOException {
    List<RenderedFile> rendered = renderer.render(RichProject.request());

    if (Boolean.getBoolean("slipway.updateGolden")) {
      if (Files.isDirectory(GOLDEN)) {
        try (Stream<Path> old = Files.list(GOLDEN)) {
          for (Path file : old.toList()) {
            Files.delete(file);
          }
        }
      }
      Files.createDirectories(GOLDEN);
      for (RenderedFile file : rendered) {
        Files.writeString(GOLDEN.resolve(file.path()), file.content(), StandardCharsets.UTF_8);
      }
    }
    assertTrue(Files.isDirectory(GOLDEN), "missing " + GOLDEN.toAbsolutePath() + "; create it with -Dslipway.updateGolden=true");
    List<String> goldenNames;
    try (Stream<Path> files = Files.list(GOLDEN)) {
      goldenNames = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(goldenNames, rendered.stream().map(RenderedFile::path).toList(), "rendered files differ from the golden set");
    for (RenderedFile file : rendered) {
      assertEquals(
          Files.readString(GOLDEN.resolve(file.path()), StandardCharsets.UTF_8),
          file.content(),
          file.path() + " changed; if intended, rerun with -Dslipway.updateGolden=true");
    }
  }

  @Test
  void render_repeatedEqualStructures_writesNoYamlAnchors() {
    for (RenderedFile file : renderer.render(RichProject.request())) {
      assertEquals(List.of(), file.content().lines().filter(l -> l.matches(".*(: |- )[&*]id\\d+.*")).toList(), file.path());
    }
  }

  // --- metadata ----------------------------------------------------------------------------------

  @Test
  void render_everyObject_hasExplicitApiVersionKindAndRecommendedLabels() {
    for (Map.Entry<String, Map<String, Object>> entry : objects(renderer.render(RichProject.request())).entrySet()) {
      Map<String, Object> object = entry.getValue();
      String kind = (String) object.get("kind");
      Map<String, Object> labels = map(metadata(object).get("labels"));

      assertTrue(object.get("apiVersion") instanceof String, entry.getKey());
      assertEquals("shop-dev", labels.get("app.kubernetes.io/instance"), entry.getKey());
      assertEquals("shop", labels.get("app.kubernetes.io/part-of"), entry.getKey());
      assertEquals("slipway", labels.get("app.kubernetes.io/managed-by"), entry.getKey());
      if (!kind.equals("Namespace")) {
        String service = entry.getKey().replaceFirst("^\\d+-[a-z]+-", "").replaceFirst("(-env|-secrets|-headless)?\\.yaml$", "");
        assertEquals(service, labels.get("app.kubernetes.io/name"), entry.getKey());
        assertEquals(service, labels.get("app.kubernetes.io/component"), entry.getKey());
      }
    }
  }

  @Test
  void render_everyObjectButNamespace_isInTheNamespace() {
    for (Map.Entry<String, Map<String, Object>> entry : objects(renderer.render(RichProject.request())).entrySet()) {
      Object namespace = metadata(entry.getValue()).get("namespace");
      if (entry.getValue().get("kind").equals("Namespace")) {
        assertNull(namespace, entry.getKey());
        assertEquals(RichProject.NAMESPACE, metadata(entry.getValue()).get("name"));
      } else {
        assertEquals(RichProject.NAMESPACE, namespace, entry.getKey());
      }
    }
  }

  @Test
  void render_selectors_useOnlyNameAndInstanceAndMatchThePodLabels() {
    Map<String, Map<String, Object>> objects = objects(renderer.render(RichProject.request()));
    Map<String, Object> deployment = objects.get("05-deployment-web.yaml");
    Map<String, Object> podLabels = map(map(spec(deployment).get("template")).get("metadata"));

    assertEquals(SELECTOR_WEB, map(spec(deployment).get("selector")).get("matchLabels"));
    assertEquals(SELECTOR_WEB, spec(objects.get("04-service-web.yaml")).get("selector"));
    assertTrue(map(podLabels.get("labels")).entrySet().containsAll(SELECTOR_WEB.entrySet()), podLabels.toString());
  }

  // --- config and secrets ---------------------------------------------------------------------

  @Test
  void render_env_becomesConfigMapReadWithEnvFrom() {
    Map<String, Map<String, Object>> objects = objects(renderer.render(RichProject.request()));

    assertEquals(
        Map.of("APP_MODE", "production", "LOG_LEVEL", "info", "DATABASE_HOST", "db"), objects.get("02-configmap-web-env.yaml").get("data"));
    assertEquals(List.of(Map.of("configMapRef", Map.of("name", "web-env"))), container(objects.get("05-deployment-web.yaml")).get("envFrom"));
  }

  @Test
  void render_noEnv_noConfigMapAndNoEnvFrom() {
    List<RenderedFile> files = renderer.render(request(service("cache").image("redis:7").build()));

    assertTrue(files.stream().noneMatch(f -> f.path().contains("configmap")));
    assertFalse(container(objects(files).get("02-deployment-cache.yaml")).containsKey("envFrom"));
  }

  @Test
  void render_changedEnvValue_changesPodTemplateSoPodsRoll() {
    Map<String, Object> before = podMetadata(deploymentOf(service("api").image("api:1").env("MODE", "a").build()));
    Map<String, Object> after = podMetadata(deploymentOf(service("api").image("api:1").env("MODE", "b").build()));

    assertNotEquals(before.get("annotations"), after.get("annotations"));
  }

  @Test
  void render_withoutSecretValues_writesPlaceholdersNamingTheSource() {
    Map<String, Object> secret = objects(renderer.render(RichProject.request())).get("03-secret-web-secrets.yaml");

    assertEquals(
        Map.of("DB_PASSWORD", "<set from environment variable SHOP_DB_PASSWORD>", "API_KEY", "<set from file secrets/api-key.txt>"),
        secret.get("stringData"));
    assertFalse(secret.containsKey("data"));
    assertEquals("Opaque", secret.get("type"));
  }

  @Test
  void render_secretValuesNotRequested_neverWritesThem(@TempDir Path projectDir) throws IOException {
    SecretValues values = secretValues(projectDir);

    // The request carries no values (no --include-secrets), although they are readable.
    List<RenderedFile> files = renderer.render(RichProject.request());

    assertEquals(Optional.of("file-secret-7f3e91"), values.valueOf(RichProject.environment().services().get(0).secrets().get(1)));
    for (RenderedFile file : files) {
      for (String forbidden : List.of("env-secret-c0ffee", "file-secret-7f3e91", base64("env-secret-c0ffee"), base64("file-secret-7f3e91"))) {
        assertFalse(file.content().contains(forbidden), file.path() + " contains " + forbidden);
      }
    }
  }

  @Test
  void render_includeSecrets_writesValuesBase64AndNeverInPlainText(@TempDir Path projectDir) throws IOException {
    List<RenderedFile> files = renderer.render(RichProject.request(Optional.of(secretValues(projectDir))));
    Map<String, Object> secret = objects(files).get("03-secret-web-secrets.yaml");

    assertEquals(Map.of("DB_PASSWORD", base64("env-secret-c0ffee"), "API_KEY", base64("file-secret-7f3e91")), secret.get("data"));
    assertFalse(secret.containsKey("stringData"));
    for (RenderedFile file : files) {
      assertFalse(file.content().contains("env-secret-c0ffee"), file.path());
      assertFalse(file.content().contains("file-secret-7f3e91"), file.path());
    }
  }

  @Test
  void render_includeSecretsButValueMissing_keepsPlaceholderForThatOne(@TempDir Path projectDir) {
    SecretValues onlyEnvironment = new SecretValues(Map.of(RichProject.DB_PASSWORD_VARIABLE, "env-secret-c0ffee"), projectDir);

    Map<String, Object> secret = objects(renderer.render(RichProject.request(Optional.of(onlyEnvironment)))).get("03-secret-web-secrets.yaml");

    assertEquals(Map.of("DB_PASSWORD", base64("env-secret-c0ffee")), secret.get("data"));
    assertEquals(Map.of("API_KEY", "<set from file secrets/api-key.txt>"), secret.get("stringData"));
  }

  @Test
  void render_secrets_mountedAtRunSecretsNameWithFileVariables() {
    Map<String, Object> deployment = objects(renderer.render(RichProject.request())).get("05-deployment-web.yaml");
    Map<String, Object> container = container(deployment);

    assertEquals(
        List.of(
            Map.of("name", "DB_PASSWORD_FILE", "value", "/run/secrets/DB_PASSWORD"),
            Map.of("name", "API_KEY_FILE", "value", "/run/secrets/API_KEY")),
        container.get("env"));
    assertEquals(List.of(Map.of("name", "slipway-secrets", "mountPath", "/run/secrets", "readOnly", true)), container.get("volumeMounts"));
    assertEquals(
        List.of(
            Map.of(
                "name", "slipway-secrets",
                "secret",
                Map.of(
                    "secretName", "web-secrets",
                    "items", List.of(Map.of("key", "DB_PASSWORD", "path", "DB_PASSWORD"), Map.of("key", "API_KEY", "path", "API_KEY"))))),
        podSpec(deployment).get("volumes"));
  }

  // --- services and workloads -----------------------------------------------------------------

  @Test
  void render_ports_becomeClusterIpServiceWithNamedPorts() {
    Map<String, Object> service = objects(renderer.render(RichProject.request())).get("04-service-web.yaml");

    assertEquals("ClusterIP", spec(service).get("type"));
    assertEquals(
        List.of(Map.of("name", "tcp-8000", "port", 8000, "targetPort", "tcp-8000", "protocol", "TCP")), spec(service).get("ports"));
  }

  @Test
  void render_noPorts_noService() {
    List<RenderedFile> files = renderer.render(request(service("job").image("busybox:1").build()));

    assertEquals(List.of("01-namespace-shop-dev.yaml", "02-deployment-job.yaml"), files.stream().map(RenderedFile::path).toList());
  }

  @Test
  void render_deployment_rollsOneNewPodAtATimeWithoutGoingBelowReplicas() {
    Map<String, Object> deployment = objects(renderer.render(RichProject.request())).get("05-deployment-web.yaml");

    assertEquals(1, spec(deployment).get("replicas"));
    assertEquals(
        Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("maxUnavailable", 0, "maxSurge", 1)), spec(deployment).get("strategy"));
    assertEquals("localhost:5000/shop/web:3f2a9c1", container(deployment).get("image"));
  }

  @Test
  void render_containers_neverOverrideTheImageCommand() {
    for (Map<String, Object> object : objects(renderer.render(RichProject.request())).values()) {
      if (object.get("kind").equals("Deployment") || object.get("kind").equals("StatefulSet")) {
        assertFalse(container(object).containsKey("command"), object.toString());
        assertFalse(container(object).containsKey("args"), object.toString());
      }
    }
  }

  @Test
  void render_resources_becomeEqualRequestsAndLimits() {
    Map<String, Object> worker = objects(renderer.render(RichProject.request())).get("12-deployment-worker.yaml");
    Map<String, Object> amounts = Map.of("cpu", "500m", "memory", "512Mi");

    assertEquals(Map.of("requests", amounts, "limits", amounts), container(worker).get("resources"));
  }

  @Test
  void render_volume_givesStatefulSetWithClaimTemplate() {
    Map<String, Map<String, Object>> objects = objects(renderer.render(RichProject.request()));
    Map<String, Object> statefulSet = objects.get("10-statefulset-db.yaml");
    Map<String, Object> claim = map(((List<?>) spec(statefulSet).get("volumeClaimTemplates")).get(0));

    assertEquals("db-headless", spec(statefulSet).get("serviceName"));
    assertEquals("pgdata", metadata(claim).get("name"));
    assertEquals(
        Map.of("accessModes", List.of("ReadWriteOnce"), "resources", Map.of("requests", Map.of("storage", "1Gi"))), claim.get("spec"));
    assertTrue(
        ((List<?>) container(statefulSet).get("volumeMounts")).contains(Map.of("name", "pgdata", "mountPath", "/var/lib/postgresql/data")));
    assertTrue(objects.keySet().stream().noneMatch(path -> path.contains("deployment-db")));
  }

  @Test
  void render_volume_addsHeadlessServiceBesideTheNormalOne() {
    Map<String, Map<String, Object>> objects = objects(renderer.render(RichProject.request()));

    assertEquals("None", spec(objects.get("09-service-db-headless.yaml")).get("clusterIP"));
    assertFalse(spec(objects.get("08-service-db.yaml")).containsKey("clusterIP"));
  }

  @Test
  void render_volumeWithoutPorts_stillGetsTheGoverningHeadlessService() {
    List<RenderedFile> files = renderer.render(request(service("store").image("minio:1").volume("data", "/data").build()));

    assertEquals(
        List.of("01-namespace-shop-dev.yaml", "02-service-store-headless.yaml", "03-statefulset-store.yaml"),
        files.stream().map(RenderedFile::path).toList());
    assertEquals(List.of(), KubernetesManifests.violations(files.get(1).content()));
  }

  @Test
  void render_autoscale_givesHpaOnTheWorkloadAndLeavesReplicasToIt() {
    Map<String, Map<String, Object>> objects = objects(renderer.render(RichProject.request()));
    Map<String, Object> hpa = spec(objects.get("13-horizontalpodautoscaler-worker.yaml"));

    assertEquals(2, hpa.get("minReplicas"));
    assertEquals(5, hpa.get("maxReplicas"));
    assertEquals(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "worker"), hpa.get("scaleTargetRef"));
    assertEquals(
        List.of(Map.of("type", "Resource", "resource", Map.of("name", "cpu", "target", Map.of("type", "Utilization", "averageUtilization", 70)))),
        hpa.get("metrics"));
    assertFalse(spec(objects.get("12-deployment-worker.yaml")).containsKey("replicas"));
  }

  @Test
  void render_autoscaleWithVolume_hpaTargetsTheStatefulSet() {
    Map<String, Object> hpa =
        spec(objects(renderer.render(request(service("db").image("postgres:16").volume("data", "/data").autoscale(1, 3, 80).build())))
            .get("04-horizontalpodautoscaler-db.yaml"));

    assertEquals("StatefulSet", map(hpa.get("scaleTargetRef")).get("kind"));
  }

  @Test
  void render_noAutoscale_noHpa() {
    assertTrue(renderer.render(request(service("api").image("api:1").replicas(3).build())).stream().noneMatch(f -> f.path().contains("horizontal")));
  }

  @Test
  void render_severalReplicas_givesPdbAllowingOneUnavailable() {
    Map<String, Map<String, Object>> objects = objects(renderer.render(request(service("api").image("api:1").replicas(3).build())));
    Map<String, Object> pdb = spec(objects.get("03-poddisruptionbudget-api.yaml"));

    assertEquals(1, pdb.get("maxUnavailable"));
    assertEquals(Map.of("matchLabels", Map.of("app.kubernetes.io/name", "api", "app.kubernetes.io/instance", "shop-dev")), pdb.get("selector"));
    assertEquals(3, spec(objects.get("02-deployment-api.yaml")).get("replicas"));
  }

  @Test
  void render_singleReplica_noPdb() {
    assertTrue(renderer.render(request(service("api").image("api:1").build())).stream().noneMatch(f -> f.path().contains("poddisruption")));
  }

  @Test
  void render_singleReplicaThatMayAutoscale_getsPdb() {
    List<RenderedFile> files = renderer.render(request(service("api").image("api:1").autoscale(1, 4, 60).build()));

    assertTrue(files.stream().anyMatch(f -> f.path().equals("04-poddisruptionbudget-api.yaml")), files.toString());
  }

  // --- health ----------------------------------------------------------------------------------

  @Test
  void render_httpHealthOnDefaultPort_probesFirstPort() {
    Map<String, Object> container = container(objects(renderer.render(RichProject.request())).get("05-deployment-web.yaml"));

    assertEquals(
        Map.of("httpGet", Map.of("path", "/healthz", "port", 8000), "periodSeconds", 5, "timeoutSeconds", 3, "failureThreshold", 3),
        container.get("readinessProbe"));
    assertEquals(
        Map.of("httpGet", Map.of("path", "/healthz", "port", 8000), "periodSeconds", 5, "timeoutSeconds", 3, "failureThreshold", 3),
        container.get("livenessProbe"));
  }

  @Test
  void render_httpHealthOnOwnPort_probesThatPort() {
    Service proxy = service("proxy").image("nginx:1").port(80).health(new HealthCheck.Http("/status", 8080, Duration.ofSeconds(10))).build();

    assertEquals(Map.of("path", "/status", "port", 8080), map(container(deploymentOf(proxy)).get("readinessProbe")).get("httpGet"));
  }

  @Test
  void render_tcpHealth_probesWithTcpSocket() {
    Map<String, Object> container = container(objects(renderer.render(RichProject.request())).get("16-deployment-redis.yaml"));

    assertEquals(Map.of("port", 6379), map(container.get("readinessProbe")).get("tcpSocket"));
    assertEquals(Map.of("port", 6379), map(container.get("livenessProbe")).get("tcpSocket"));
  }

  @Test
  void render_commandHealth_probesWithShell() {
    Map<String, Object> container = container(objects(renderer.render(RichProject.request())).get("10-statefulset-db.yaml"));

    assertEquals(Map.of("command", List.of("sh", "-c", "pg_isready -U postgres")), map(container.get("readinessProbe")).get("exec"));
  }

  @Test
  void render_healthDeadline_becomesStartupProbeBudgetRoundedUp() {
    assertEquals(12, startupFailures(Duration.ofSeconds(60)));
    assertEquals(13, startupFailures(Duration.ofSeconds(61)));
    assertEquals(1, startupFailures(Duration.ofSeconds(2)));
    assertEquals(5, map(container(deploymentOf(withHealth(Duration.ofSeconds(60)))).get("startupProbe")).get("periodSeconds"));
  }

  @Test
  void render_noHealth_noProbes() {
    Map<String, Object> container = container(deploymentOf(service("job").image("busybox:1").build()));

    assertFalse(container.containsKey("readinessProbe") || container.containsKey("livenessProbe") || container.containsKey("startupProbe"));
  }

  // --- security --------------------------------------------------------------------------------

  @Test
  void render_builtService_runsAsUnprivilegedUser() {
    Map<String, Object> deployment = objects(renderer.render(RichProject.request())).get("05-deployment-web.yaml");
    Map<String, Object> security = map(container(deployment).get("securityContext"));

    assertEquals(true, security.get("runAsNonRoot"));
    assertEquals(10001, security.get("runAsUser"));
    assertEquals(false, security.get("allowPrivilegeEscalation"));
    assertEquals(Map.of("drop", List.of("ALL")), security.get("capabilities"));
    assertEquals(10001, map(podSpec(deployment).get("securityContext")).get("fsGroup"));
    assertEquals(false, podSpec(deployment).get("automountServiceAccountToken"));
  }

  @Test
  void render_imageService_keepsItsUserButCannotEscalate() {
    Map<String, Object> statefulSet = objects(renderer.render(RichProject.request())).get("10-statefulset-db.yaml");

    assertEquals(Map.of("allowPrivilegeEscalation", false), container(statefulSet).get("securityContext"));
    assertEquals(Map.of("seccompProfile", Map.of("type", "RuntimeDefault")), podSpec(statefulSet).get("securityContext"));
  }

  @Test
  void render_builtServiceOnPrivilegedPort_mayBindItWithoutRoot() {
    Map<String, Object> podSecurity = map(podSpec(deploymentOf(service("site").python("app", null).port(80).build())).get("securityContext"));

    assertEquals(List.of(Map.of("name", "net.ipv4.ip_unprivileged_port_start", "value", "80")), podSecurity.get("sysctls"));
  }

  // --- dependencies ----------------------------------------------------------------------------

  @Test
  void render_dependsOn_annotatesWorkloadInScriptOrder() {
    Map<String, Map<String, Object>> objects = objects(renderer.render(RichProject.request()));

    assertEquals(Map.of("dev.slipway/depends-on", "db,redis"), metadata(objects.get("05-deployment-web.yaml")).get("annotations"));
    assertFalse(metadata(objects.get("16-deployment-redis.yaml")).containsKey("annotations"));
  }

  @Test
  void render_builtServiceWithDependencies_waitsForEachDependencyServiceWithItsOwnImage() {
    List<?> inits = (List<?>) podSpec(objects(renderer.render(RichProject.request())).get("05-deployment-web.yaml")).get("initContainers");

    assertEquals(2, inits.size());
    Map<String, Object> waitForDb = map(inits.get(0));
    assertEquals("wait-for-db", waitForDb.get("name"));
    assertEquals("localhost:5000/shop/web:3f2a9c1", waitForDb.get("image"));
    List<?> command = (List<?>) waitForDb.get("command");
    assertEquals(List.of("python3", "-c"), command.subList(0, 2));
    assertTrue(command.get(2).toString().contains("socket.create_connection(('db', 5432), timeout=3)"), command.toString());
    assertEquals("wait-for-redis", map(inits.get(1)).get("name"));
  }

  @Test
  void render_waitScript_isValidPythonShape() {
    String script = PodTemplates.waitScript("db", 5432);

    assertTrue(script.startsWith("import socket, time\nwhile True:\n    try:\n"), script);
    assertTrue(script.contains("        break\n    except OSError as error:\n"), script);
  }

  @Test
  void render_imageServiceWithDependency_onlyAnnotates() {
    Service proxy = service("proxy").image("nginx:1").port(80).dependsOn("api").build();
    Service api = service("api").image("api:1").port(8000).build();

    Map<String, Object> deployment = objects(renderer.render(request(proxy, api))).get("03-deployment-proxy.yaml");

    assertEquals(Map.of("dev.slipway/depends-on", "api"), metadata(deployment).get("annotations"));
    assertFalse(podSpec(deployment).containsKey("initContainers"));
  }

  @Test
  void render_dependencyWithoutPort_cannotBeWaitedForAndIsOnlyAnnotated() {
    Service app = service("app").python("app", null).dependsOn("migrate").build();
    Service migrate = service("migrate").image("flyway:10").build();

    Map<String, Object> deployment = objects(renderer.render(request(app, migrate))).get("02-deployment-app.yaml");

    assertEquals(Map.of("dev.slipway/depends-on", "migrate"), metadata(deployment).get("annotations"));
    assertFalse(podSpec(deployment).containsKey("initContainers"));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private int startupFailures(Duration deadline) {
    return (Integer) map(container(deploymentOf(withHealth(deadline))).get("startupProbe")).get("failureThreshold");
  }

  // --- one-off Jobs ------------------------------------------------------------------------------

  @Test
  void oneOffJob_theServicesPodRunningTheCommandOnce_withoutWhatOnlyAServerNeeds() {
    RenderedFile file = renderer.oneOffJob(RichProject.request(), "web", "DB migrate", "1a2b3c4d", "python manage.py migrate", Duration.ofSeconds(300));

    assertEquals(List.of(), KubernetesManifests.violations(file.content()));
    Map<String, Object> job = new Yaml().load(file.content());
    Map<String, Object> deployment = objects(renderer.render(RichProject.request())).get("05-deployment-web.yaml");
    assertEquals("Job", job.get("kind"));
    assertEquals("web-db-migrate-1a2b3c4d", metadata(job).get("name"));
    assertEquals(RichProject.NAMESPACE, metadata(job).get("namespace"));
    Map<String, Object> labels = map(metadata(job).get("labels"));
    assertEquals("web-db-migrate-1a2b3c4d", labels.get("app.kubernetes.io/name"), "the service's selector must not pick the Job's pod");
    assertEquals("web", labels.get("app.kubernetes.io/component"));
    assertEquals("slipway", labels.get("app.kubernetes.io/managed-by"));
    assertEquals(labels, map(podMetadata(job).get("labels")));
    assertEquals(0, spec(job).get("backoffLimit"));
    assertEquals(300, spec(job).get("activeDeadlineSeconds"));
    assertEquals(86400, spec(job).get("ttlSecondsAfterFinished"));
    assertEquals("Never", podSpec(job).get("restartPolicy"));
    assertEquals(null, podSpec(job).get("initContainers"), "a run waits for no dependency");
    assertEquals(podSpec(deployment).get("securityContext"), podSpec(job).get("securityContext"));
    assertEquals(podSpec(deployment).get("volumes"), podSpec(job).get("volumes"));
    Map<String, Object> container = container(job);
    Map<String, Object> serving = container(deployment);
    assertEquals(List.of("sh", "-c", "python manage.py migrate"), container.get("command"));
    for (String same : List.of("image", "envFrom", "env", "volumeMounts", "securityContext")) {
      assertEquals(serving.get(same), container.get(same), same);
    }
    for (String left : List.of("ports", "startupProbe", "readinessProbe", "livenessProbe")) {
      assertEquals(null, container.get(left), left);
    }
  }

  @Test
  void oneOffJob_longNames_fitTheLabelLimit() {
    RenderedFile file = renderer.oneOffJob(RichProject.request(), "web", "x".repeat(80), "1a2b3c4d", "true", Duration.ofSeconds(1));

    String name = (String) metadata(new Yaml().load(file.content())).get("name");
    assertTrue(name.length() <= 63 && name.endsWith("x-1a2b3c4d"), name);
  }

  private static Service withHealth(Duration deadline) {
    return service("api").image("api:1").port(8000).health(new HealthCheck.Tcp(8000, deadline)).build();
  }

  private Map<String, Object> deploymentOf(Service service) {
    return objects(renderer.render(request(service))).values().stream()
        .filter(o -> o.get("kind").equals("Deployment"))
        .findFirst()
        .orElseThrow();
  }

  private static SecretValues secretValues(Path projectDir) throws IOException {
    Files.createDirectories(projectDir.resolve("secrets"));
    Files.writeString(projectDir.resolve("secrets/api-key.txt"), "file-secret-7f3e91");
    return new SecretValues(Map.of(RichProject.DB_PASSWORD_VARIABLE, "env-secret-c0ffee"), projectDir);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  static RenderRequest request(Service... services) {
    Map<String, String> images = new HashMap<>();
    for (Service s : services) {
      images.put(s.name(), s.image().orElse("localhost:5000/shop/" + s.name() + ":1"));
    }
    return request(images, services);
  }

  static RenderRequest request(Map<String, String> images, Service... services) {
    Project project = TestModel.project("shop", Path.of("."), RichProject.KUBERNETES, services);
    return new RenderRequest(new ResolvedEnvironment(project, "dev", RichProject.KUBERNETES, project.services()), images, Optional.empty());
  }

  /** Parsed objects by file name, in render order. */
  static Map<String, Map<String, Object>> objects(List<RenderedFile> files) {
    Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
    for (RenderedFile file : files) {
      objects.put(file.path(), new Yaml().load(file.content()));
    }
    return objects;
  }

  private static Map<String, Object> metadata(Map<String, Object> object) {
    return map(object.get("metadata"));
  }

  private static Map<String, Object> spec(Map<String, Object> object) {
    return map(object.get("spec"));
  }

  private static Map<String, Object> podMetadata(Map<String, Object> workload) {
    return map(map(spec(workload).get("template")).get("metadata"));
  }

  private static Map<String, Object> podSpec(Map<String, Object> workload) {
    return map(map(spec(workload).get("template")).get("spec"));
  }

  private static Map<String, Object> container(Map<String, Object> workload) {
    List<?> containers = (List<?>) podSpec(workload).get("containers");
    return map(containers.get(0));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
