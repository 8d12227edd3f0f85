package dev.slipway.k8s.render;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static dev.slipway.k8s.render.KubernetesRendererTest.map;
import static dev.slipway.k8s.render.KubernetesRendererTest.objects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Metrics;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ServiceBuilder;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The keywords of real-world setups on Kubernetes: named and exposed ports, command and
 * entrypoint, stopSignal, project files, networks, health timing, Dockerfile services and secret
 * names with dashes. Each as a user would notice it in the manifests, and every manifest through
 * client-java's strict models.
 */
class KubernetesKeywordsRenderTest {

  private static final SourceLocation FILE_LINE = SourceLocation.at("deploy.groovy", 7);

  @TempDir Path project;

  private final KubernetesRenderer renderer = new KubernetesRenderer(RichProject.NAMESPACE);

  // --- ports -----------------------------------------------------------------------------------

  @Test
  void render_publishedExposedAndNamedPorts_allReachableThroughTheClusterIpServiceByTheirNames() {
    Service mongo = service("mongo").image("mongo:7")
        .port(new Port(8080, 18080, HERE))
        .port(new Port(27017, Port.NOT_PUBLISHED, Optional.of("mongo"), HERE))
        .port(new Port(9090, Port.NOT_PUBLISHED, HERE))
        .build();

    Map<String, Map<String, Object>> objects = render(mongo);

    Map<String, Object> clusterService = spec(objects.get("02-service-mongo.yaml"));
    assertEquals("ClusterIP", clusterService.get("type"), "a published port is not a NodePort: nothing outside the cluster reaches it");
    assertEquals(
        List.of(
            Map.of("name", "tcp-8080", "port", 8080, "targetPort", "tcp-8080", "protocol", "TCP"),
            Map.of("name", "mongo", "port", 27017, "targetPort", "mongo", "protocol", "TCP"),
            Map.of("name", "tcp-9090", "port", 9090, "targetPort", "tcp-9090", "protocol", "TCP")),
        clusterService.get("ports"));
    assertEquals(
        List.of(
            Map.of("name", "tcp-8080", "containerPort", 8080, "protocol", "TCP"),
            Map.of("name", "mongo", "containerPort", 27017, "protocol", "TCP"),
            Map.of("name", "tcp-9090", "containerPort", 9090, "protocol", "TCP")),
        container(objects.get("03-deployment-mongo.yaml")).get("ports"));
  }

  // --- command and entrypoint ------------------------------------------------------------------

  @Test
  void render_command_becomesArgsAndKeepsTheImageEntrypoint() {
    Map<String, Object> container = container(deploymentOf(service("mongo").image("mongo:7").command(List.of("mongod", "--bind_ip_all")).build()));

    assertEquals(List.of("mongod", "--bind_ip_all"), container.get("args"));
    assertFalse(container.containsKey("command"), "Kubernetes' command is Docker's entrypoint: " + container);
  }

  @Test
  void render_entrypoint_becomesCommandAndLeavesArgsUnset() {
    Map<String, Object> container = container(deploymentOf(service("tool").image("alpine:3").entrypoint(List.of("/bin/sh", "-c")).build()));

    assertEquals(List.of("/bin/sh", "-c"), container.get("command"));
    assertFalse(container.containsKey("args"), container.toString());
  }

  @Test
  void render_entrypointAndCommand_areCommandAndArgs() {
    Service tool = service("tool").image("alpine:3").entrypoint(List.of("sh", "-c")).command(List.of("echo hi && sleep 3600")).build();

    Map<String, Object> container = container(deploymentOf(tool));

    assertEquals(List.of("sh", "-c"), container.get("command"));
    assertEquals(List.of("echo hi && sleep 3600"), container.get("args"));
  }

  @Test
  void oneOffJob_serviceWithEntrypointAndCommand_runsOnlyTheStageCommand() {
    Service tool = service("tool").image("alpine:3").entrypoint(List.of("tini", "--")).command(List.of("serve")).build();

    Map<String, Object> job = new Yaml().load(renderer.oneOffJob(request(tool), "tool", "migrate", "1a2b3c4d", "migrate up", Duration.ofSeconds(60)).content());

    assertEquals(List.of("sh", "-c", "migrate up"), container(job).get("command"));
    assertFalse(container(job).containsKey("args"), "the service's own args would be passed to sh: " + container(job));
  }

  // --- stop signal -----------------------------------------------------------------------------

  @Test
  void render_stopSignal_isPreStopHookSignallingPidOneAndWaitingForIt() {
    Map<String, Object> container = container(deploymentOf(service("nginx").image("nginx:1").stopSignal("SIGQUIT").build()));

    assertEquals(
        Map.of("preStop", Map.of("exec", Map.of("command", List.of("sh", "-c", "kill -QUIT 1; while kill -0 1 2>/dev/null; do sleep 1; done")))),
        container.get("lifecycle"));
  }

  @Test
  void render_stopSignalWithoutSigPrefixOrAsNumber_sendsThatSignal() {
    assertEquals("kill -INT 1; while kill -0 1 2>/dev/null; do sleep 1; done", preStopScript("INT"));
    assertEquals("kill -2 1; while kill -0 1 2>/dev/null; do sleep 1; done", preStopScript("2"));
  }

  @Test
  void render_stopSignalSigterm_noHookSinceTheKubeletSendsItAnyway() {
    assertFalse(container(deploymentOf(service("api").image("api:1").stopSignal("SIGTERM").build())).containsKey("lifecycle"));
    assertFalse(container(deploymentOf(service("api").image("api:1").build())).containsKey("lifecycle"));
  }

  // --- files -----------------------------------------------------------------------------------

  @Test
  void render_files_becomeOneConfigMapAppliedBeforeTheWorkloadAndMountedFileByFileReadOnly() throws IOException {
    write("nginx/nginx.conf", "worker_processes 1;\n");
    write("nginx/site.conf", "server { listen 80; }\n");
    Service proxy = service("proxy").image("nginx:1").port(80)
        .file(new ProjectFile("nginx/nginx.conf", "/etc/nginx/nginx.conf", FILE_LINE))
        .file(new ProjectFile("nginx/site.conf", "/etc/nginx/conf.d/default.conf", FILE_LINE))
        .build();

    Map<String, Map<String, Object>> objects = render(proxy);

    assertEquals(
        List.of("01-namespace-shop-dev.yaml", "02-configmap-proxy-files.yaml", "03-service-proxy.yaml", "04-deployment-proxy.yaml"),
        List.copyOf(objects.keySet()));
    assertEquals(
        Map.of("etc_nginx_nginx.conf", "worker_processes 1;\n", "etc_nginx_conf.d_default.conf", "server { listen 80; }\n"),
        objects.get("02-configmap-proxy-files.yaml").get("data"));
    Map<String, Object> deployment = objects.get("04-deployment-proxy.yaml");
    assertEquals(
        List.of(
            Map.of("name", "slipway-files", "mountPath", "/etc/nginx/nginx.conf", "subPath", "etc_nginx_nginx.conf", "readOnly", true),
            Map.of("name", "slipway-files", "mountPath", "/etc/nginx/conf.d/default.conf", "subPath", "etc_nginx_conf.d_default.conf",
                "readOnly", true)),
        container(deployment).get("volumeMounts"));
    assertEquals(List.of(Map.of("name", "slipway-files", "configMap", Map.of("name", "proxy-files"))), podSpec(deployment).get("volumes"));
    assertTrue(map(podMetadata(deployment).get("annotations")).containsKey("dev.slipway/files-sha256"), podMetadata(deployment).toString());
  }

  @Test
  void render_changedFileContent_changesThePodTemplateSoPodsRoll() throws IOException {
    Service proxy = service("proxy").image("nginx:1").file(new ProjectFile("nginx.conf", "/etc/nginx/nginx.conf", FILE_LINE)).build();
    write("nginx.conf", "worker_processes 1;\n");
    Object before = podMetadata(deploymentOf(proxy)).get("annotations");
    Object again = podMetadata(deploymentOf(proxy)).get("annotations");

    write("nginx.conf", "worker_processes 2;\n");
    Object after = podMetadata(deploymentOf(proxy)).get("annotations");

    assertEquals(before, again, "the same content must not restart anything");
    assertNotEquals(before, after);
  }

  @Test
  void render_binaryFile_goesToBinaryDataByteForByte() throws IOException {
    byte[] icon = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, (byte) 0xfe};
    Files.write(project.resolve("favicon.png"), icon);
    Service site = service("site").image("nginx:1").file(new ProjectFile("favicon.png", "/usr/share/nginx/html/favicon.png", FILE_LINE)).build();

    Map<String, Object> configMap = render(site).get("02-configmap-site-files.yaml");

    assertNull(configMap.get("data"));
    String encoded = (String) map(configMap.get("binaryData")).get("usr_share_nginx_html_favicon.png");
    assertArrayEquals(icon, Base64.getDecoder().decode(encoded));
  }

  @Test
  void render_targetsThatSanitiseAlike_getDistinctKeys() throws IOException {
    write("a.conf", "a");
    write("b.conf", "b");
    Service app = service("app").image("app:1")
        .file(new ProjectFile("a.conf", "/etc/app/x y.conf", FILE_LINE))
        .file(new ProjectFile("b.conf", "/etc/app/x_y.conf", FILE_LINE))
        .build();

    Map<String, Map<String, Object>> objects = render(app);

    assertEquals(Map.of("etc_app_x_y.conf", "a", "etc_app_x_y.conf-2", "b"), objects.get("02-configmap-app-files.yaml").get("data"));
    List<?> mounts = (List<?>) container(objects.get("03-deployment-app.yaml")).get("volumeMounts");
    assertEquals("etc_app_x_y.conf-2", map(mounts.get(1)).get("subPath"));
  }

  @Test
  void render_fileGoneSinceValidation_isALocatedErrorAtItsLine() {
    Service proxy = service("proxy").image("nginx:1").file(new ProjectFile("gone.conf", "/etc/nginx/nginx.conf", FILE_LINE)).build();

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> renderer.render(request(proxy)));

    assertEquals(FILE_LINE, error.problems().get(0).location());
    assertTrue(error.getMessage().contains("file 'gone.conf' cannot be read"), error.getMessage());
  }

  @Test
  void oneOffJob_serviceWithFiles_mountsThemToo() throws IOException {
    write("settings.py", "DEBUG = False\n");
    Service web = service("web").image("web:1").file(new ProjectFile("settings.py", "/app/settings.py", FILE_LINE)).build();

    Map<String, Object> job = new Yaml().load(renderer.oneOffJob(request(web), "web", "migrate", "1a2b3c4d", "true", Duration.ofSeconds(60)).content());

    assertEquals(
        List.of(Map.of("name", "slipway-files", "mountPath", "/app/settings.py", "subPath", "app_settings.py", "readOnly", true)),
        container(job).get("volumeMounts"));
  }

  // --- networks --------------------------------------------------------------------------------

  @Test
  void render_noServiceNamesANetwork_noPolicyAndNoNetworkLabels() {
    Map<String, Map<String, Object>> objects = render(service("api").image("api:1").port(80).build());

    assertTrue(objects.values().stream().noneMatch(o -> o.get("kind").equals("NetworkPolicy")));
    assertTrue(map(podMetadata(objects.get("03-deployment-api.yaml")).get("labels")).keySet().stream().noneMatch(k -> k.startsWith("network.")));
  }

  @Test
  void render_networks_everyServiceAdmitsOnlyPodsSharingOneOfItsNetworks() {
    Service proxy = service("proxy").image("nginx:1").port(80).network("front").build();
    Service api = service("api").image("api:1").port(8000).network("front").network("back").build();
    Service db = service("db").image("postgres:16").port(5432).network("back").build();
    Service metrics = service("metrics").image("prom:1").port(9090).build();

    Map<String, Map<String, Object>> objects = render(proxy, api, db, metrics);

    assertEquals(List.of(peer("front")), ingressFrom(objects.get("02-networkpolicy-proxy.yaml")));
    assertEquals(List.of(peer("front"), peer("back")), ingressFrom(objects.get("05-networkpolicy-api.yaml")));
    assertEquals(List.of(peer("back")), ingressFrom(objects.get("08-networkpolicy-db.yaml")));
    assertEquals(List.of(peer("default")), ingressFrom(objects.get("11-networkpolicy-metrics.yaml")), "no network named: Compose's default");
    Map<String, Object> apiPolicy = spec(objects.get("05-networkpolicy-api.yaml"));
    assertEquals(List.of("Ingress"), apiPolicy.get("policyTypes"), "egress stays open, as on Compose");
    assertEquals(Map.of("matchLabels", Map.of("app.kubernetes.io/name", "api", "app.kubernetes.io/instance", "shop-dev")), apiPolicy.get("podSelector"));
    Map<String, Object> apiDeployment = objects.get("07-deployment-api.yaml");
    Map<String, Object> podLabels = map(podMetadata(apiDeployment).get("labels"));
    assertEquals("true", podLabels.get("network.dev.slipway/front"));
    assertEquals("true", podLabels.get("network.dev.slipway/back"));
    assertFalse(podLabels.containsKey("network.dev.slipway/default"));
    assertEquals("true", map(podMetadata(objects.get("13-deployment-metrics.yaml")).get("labels")).get("network.dev.slipway/default"));
    assertEquals(
        Map.of("app.kubernetes.io/name", "api", "app.kubernetes.io/instance", "shop-dev"),
        map(spec(apiDeployment).get("selector")).get("matchLabels"),
        "networks stay out of the immutable selector");
    assertFalse(map(metadata(apiDeployment).get("labels")).containsKey("network.dev.slipway/front"), "networks label pods, not objects");
  }

  @Test
  void render_networks_publishedPortsAdmitAnySourceAndExposedOnesOnlyTheNetwork() {
    Service proxy = service("proxy").image("nginx:1").port(80).port(new Port(9113, Port.NOT_PUBLISHED, FILE_LINE)).network("front").build();
    Service api = service("api").image("api:1").port(new Port(8000, Port.NOT_PUBLISHED, FILE_LINE)).network("front").build();

    Map<String, Map<String, Object>> objects = render(proxy, api);

    List<?> proxyRules = (List<?>) spec(objects.get("02-networkpolicy-proxy.yaml")).get("ingress");
    assertEquals(2, proxyRules.size(), "the network's rule, and one for what Compose would publish: " + proxyRules);
    assertEquals(Map.of("ports", List.of(Map.of("protocol", "TCP", "port", 80))), proxyRules.get(1), "from anywhere, on the published port only");
    List<?> apiRules = (List<?>) spec(objects.get("05-networkpolicy-api.yaml")).get("ingress");
    assertEquals(1, apiRules.size(), "an exposed port is the network's only: " + apiRules);
  }

  @Test
  void oneOffJob_onTheServicesNetworks_reachesWhatTheServiceReaches() {
    Service api = service("api").image("api:1").port(8000).network("back").build();
    RenderRequest request = request(api, service("db").image("postgres:16").port(5432).network("back").build());

    Map<String, Object> job = new Yaml().load(renderer.oneOffJob(request, "api", "migrate", "1a2b3c4d", "true", Duration.ofSeconds(60)).content());

    Map<String, Object> podLabels = map(podMetadata(job).get("labels"));
    assertEquals("true", podLabels.get("network.dev.slipway/back"));
    assertEquals("api-migrate-1a2b3c4d", podLabels.get("app.kubernetes.io/name"));
  }

  // --- health timing ---------------------------------------------------------------------------

  @Test
  void render_healthTiming_probesRunEveryIntervalWithItsTimeoutAndRetries() {
    HealthCheck.Timing timing = new HealthCheck.Timing(Duration.ofSeconds(10), Duration.ofSeconds(4), 5, Duration.ofSeconds(95));
    Service api = service("api").image("api:1").port(8000).health(new HealthCheck.Tcp(8000, Duration.ofSeconds(60), timing)).build();

    Map<String, Object> deployment = deploymentOf(api);
    Map<String, Object> container = container(deployment);

    Map<String, Object> steady = Map.of("tcpSocket", Map.of("port", 8000), "periodSeconds", 10, "timeoutSeconds", 4, "failureThreshold", 5);
    assertEquals(steady, container.get("readinessProbe"));
    assertEquals(steady, container.get("livenessProbe"));
    assertEquals(
        Map.of("tcpSocket", Map.of("port", 8000), "periodSeconds", 10, "timeoutSeconds", 4, "failureThreshold", 10),
        container.get("startupProbe"),
        "a start may take the whole startPeriod (95 s, rounded up to 10 runs of 10 s) when it is longer than the deadline");
    assertEquals(60, spec(deployment).get("progressDeadlineSeconds"), "the rollout still ends at the deadline");
  }

  @Test
  void render_deadlineLongerThanStartPeriod_startupProbeCoversTheDeadline() {
    HealthCheck.Timing timing = new HealthCheck.Timing(Duration.ofSeconds(2), Duration.ofSeconds(1), 3, Duration.ofSeconds(10));
    Service api = service("api").image("api:1").port(8000).health(new HealthCheck.Tcp(8000, Duration.ofSeconds(120), timing)).build();

    assertEquals(60, map(container(deploymentOf(api)).get("startupProbe")).get("failureThreshold"));
  }

  @Test
  void render_httpHealthOnTheDefaultPort_keepsItsTiming() {
    HealthCheck.Timing timing = new HealthCheck.Timing(Duration.ofSeconds(7), Duration.ofSeconds(2), 4, Duration.ZERO);
    Service api = service("api").image("api:1").port(8000).health(new HealthCheck.Http("/healthz", 0, Duration.ofSeconds(30), timing)).build();

    Map<String, Object> readiness = map(container(deploymentOf(api)).get("readinessProbe"));

    assertEquals(Map.of("path", "/healthz", "port", 8000), readiness.get("httpGet"));
    assertEquals(List.of(7, 2, 4), List.of(readiness.get("periodSeconds"), readiness.get("timeoutSeconds"), readiness.get("failureThreshold")));
  }

  @Test
  void render_subSecondTiming_roundsUpToWholeSecondsTheKubeletCounts() {
    HealthCheck.Timing timing = new HealthCheck.Timing(Duration.ofMillis(500), Duration.ofMillis(1500), 2, Duration.ZERO);
    Service api = service("api").image("api:1").port(8000).health(new HealthCheck.Tcp(8000, Duration.ofSeconds(10), timing)).build();

    Map<String, Object> readiness = map(container(deploymentOf(api)).get("readinessProbe"));

    assertEquals(1, readiness.get("periodSeconds"));
    assertEquals(2, readiness.get("timeoutSeconds"));
  }

  // --- Dockerfile services ---------------------------------------------------------------------

  @Test
  void render_dockerfileService_runsItsBuiltImageAsItsOwnUserWithoutPythonWaits() {
    Service proxy = dockerfileService("proxy").port(80).dependsOn("api").build();
    Service api = service("api").image("api:1").port(8000).build();
    RenderRequest request = request(Map.of("proxy", "localhost:5000/shop/proxy@sha256:" + "a".repeat(64), "api", "api:1"), proxy, api);

    Map<String, Object> deployment = objects(renderer.render(request)).get("03-deployment-proxy.yaml");

    assertEquals("localhost:5000/shop/proxy@sha256:" + "a".repeat(64), container(deployment).get("image"));
    assertEquals(Map.of("allowPrivilegeEscalation", false), container(deployment).get("securityContext"), "the Dockerfile picks the user");
    assertEquals(Map.of("seccompProfile", Map.of("type", "RuntimeDefault")), podSpec(deployment).get("securityContext"), "no fsGroup, no sysctl");
    assertFalse(podSpec(deployment).containsKey("initContainers"), "no python3 to wait with");
    assertEquals(Map.of("dev.slipway/depends-on", "api"), metadata(deployment).get("annotations"));
  }

  // --- secrets ---------------------------------------------------------------------------------

  @Test
  void render_secretWithDashes_keyAndFileKeepTheNameAndTheVariableIsUpperCase() {
    Service api = service("api").image("api:1").secretFromEnv("db-password", "SHOP_DB_PASSWORD").build();

    Map<String, Map<String, Object>> objects = render(api);

    assertEquals(Map.of("db-password", "<set from environment variable SHOP_DB_PASSWORD>"), objects.get("02-secret-api-secrets.yaml").get("stringData"));
    Map<String, Object> deployment = objects.get("03-deployment-api.yaml");
    assertEquals(List.of(Map.of("name", "DB_PASSWORD_FILE", "value", "/run/secrets/db-password")), container(deployment).get("env"));
    assertEquals(
        List.of(Map.of("name", "slipway-secrets", "secret", Map.of("secretName", "api-secrets", "items", List.of(Map.of("key", "db-password", "path", "db-password"))))),
        podSpec(deployment).get("volumes"));
  }

  // --- strict models ---------------------------------------------------------------------------

  @Test
  void render_everyNewKeywordTogether_passesStrictValidation() throws IOException {
    write("nginx.conf", "worker_processes 1;\n");
    Files.write(project.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});
    HealthCheck.Timing timing = new HealthCheck.Timing(Duration.ofSeconds(10), Duration.ofSeconds(4), 5, Duration.ofSeconds(30));
    Service proxy = dockerfileService("proxy")
        .port(new Port(80, 18080, Optional.of("http"), HERE))
        .port(new Port(9113, Port.NOT_PUBLISHED, HERE))
        .entrypoint(List.of("nginx"))
        .command(List.of("-g", "daemon off;"))
        .stopSignal("SIGQUIT")
        .file(new ProjectFile("nginx.conf", "/etc/nginx/nginx.conf", FILE_LINE))
        .file(new ProjectFile("logo.png", "/usr/share/nginx/html/logo.png", FILE_LINE))
        .network("front")
        .health(new HealthCheck.Http("/", 0, Duration.ofSeconds(60), timing))
        .secret(new SecretRef("tls-key.pem", Optional.empty(), Optional.of("secrets/tls.pem"), HERE))
        .replicas(2)
        .dependsOn("api")
        .build();
    Service api = service("api").python("app", null).port(8000).network("front").network("back").stopSignal("2").build();
    Service db = service("db").image("postgres:16").port(5432).volume("pgdata", "/data").network("back").build();

    List<RenderedFile> files = renderer.render(request(proxy, api, db));

    assertTrue(files.stream().anyMatch(f -> f.path().contains("networkpolicy")), files.toString());
    for (RenderedFile file : files) {
      assertEquals(List.of(), KubernetesManifests.violations(file.content()), file.path());
    }
    RenderedFile job = renderer.oneOffJob(request(proxy, api, db), "proxy", "check", "1a2b3c4d", "nginx -t", Duration.ofSeconds(30));
    assertEquals(List.of(), KubernetesManifests.violations(job.content()));
  }

  // --- metrics ---------------------------------------------------------------------------------

  @Test
  void render_metricsOnANamedPort_podsAnnotatedAndAServiceMonitorByThatPortName() {
    Service api = service("api").image("api:1").port(8000)
        .port(new Port(9100, Port.NOT_PUBLISHED, Optional.of("metrics"), HERE))
        .metrics(new Metrics("/metrics", 9100, HERE)).build();

    List<RenderedFile> files = renderer.render(request(api));
    Map<String, Map<String, Object>> objects = objects(files);

    Map<String, Object> annotations = map(podMetadata(deploymentOf(api)).get("annotations"));
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals("9100", annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));
    RenderedFile monitorFile = files.get(files.size() - 1);
    assertEquals("04-servicemonitor-api.yaml", monitorFile.path(), "last: after the Service and the workload it scrapes");
    assertTrue(monitorFile.content().contains("# Applied only where the cluster serves monitoring.coreos.com/v1 ServiceMonitor"), monitorFile.content());
    Map<String, Object> monitor = objects.get(monitorFile.path());
    assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion"));
    assertEquals(List.of(Map.of("port", "metrics", "path", "/metrics")), spec(monitor).get("endpoints"));
    assertEquals(Map.of("app.kubernetes.io/name", "api", "app.kubernetes.io/instance", "shop-dev"), map(spec(monitor).get("selector")).get("matchLabels"));
    for (RenderedFile file : files) {
      assertEquals(List.of(), KubernetesManifests.violations(file.content()), file.path());
    }
  }

  @Test
  void render_withoutMetrics_noScrapeAnnotationsNorServiceMonitor() {
    Service api = service("api").image("api:1").port(8000).build();

    Map<String, Map<String, Object>> objects = render(api);

    assertFalse(objects.keySet().stream().anyMatch(path -> path.contains("servicemonitor")), objects.keySet().toString());
    Object annotations = podMetadata(deploymentOf(api)).get("annotations");
    assertTrue(annotations == null || !map(annotations).containsKey("prometheus.io/scrape"), String.valueOf(annotations));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private ServiceBuilder dockerfileService(String name) {
    return service(name).dockerfile(new DockerfileBuild(name + "/Dockerfile", name, Map.of(), Optional.empty(), HERE));
  }

  private String preStopScript(String signal) {
    Map<String, Object> lifecycle = map(container(deploymentOf(service("api").image("api:1").stopSignal(signal).build())).get("lifecycle"));
    return (String) ((List<?>) map(map(lifecycle.get("preStop")).get("exec")).get("command")).get(2);
  }

  private static Map<String, Object> peer(String network) {
    return Map.of("podSelector", Map.of("matchLabels", Map.of("network.dev.slipway/" + network, "true")));
  }

  private static List<?> ingressFrom(Map<String, Object> policy) {
    // The first rule is the networks'; a second one, for published ports, has no peers.
    List<?> rules = (List<?>) spec(policy).get("ingress");
    return (List<?>) map(rules.get(0)).get("from");
  }

  private void write(String relative, String content) throws IOException {
    Path file = project.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private Map<String, Map<String, Object>> render(Service... services) {
    return objects(renderer.render(request(services)));
  }

  private Map<String, Object> deploymentOf(Service service) {
    return render(service).values().stream().filter(o -> o.get("kind").equals("Deployment")).findFirst().orElseThrow();
  }

  private RenderRequest request(Service... services) {
    Map<String, String> images = new HashMap<>();
    for (Service s : services) {
      images.put(s.name(), s.image().orElse("localhost:5000/shop/" + s.name() + ":1"));
    }
    return request(images, services);
  }

  /** A project in this test's directory, so that its files are read from there. */
  private RenderRequest request(Map<String, String> images, Service... services) {
    Project model = TestModel.project("shop", project, RichProject.KUBERNETES, services);
    return new RenderRequest(new ResolvedEnvironment(model, "dev", RichProject.KUBERNETES, model.services()), images, Optional.empty());
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
    return map(((List<?>) podSpec(workload).get("containers")).get(0));
  }
}
