package dev.slipway.compose.render;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Metrics;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.SecretRef;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class ComposeRendererTest {

  /** Run with {@code -Dslipway.updateGolden=true} to rewrite the golden file after an intended change. */
  private static final Path GOLDEN = Path.of("src/test/resources/golden/shop-dev.compose.yaml");

  private final ComposeRenderer renderer = new ComposeRenderer("127.0.0.1");

  @Test
  void render_sameProjectTwice_isByteIdentical() {
    String first = renderer.render(RichProject.request()).content();
    String second = new ComposeRenderer("127.0.0.1").render(RichProject.request()).content();

    assertEquals(first, second);
  }

  @Test
  void render_richProject_matchesGoldenFile() throws IOException {
    String rendered = renderer.render(RichProject.request()).content();

    if (Boolean.getBoolean("slipway.updateGolden")) {
      Files.writeString(GOLDEN, rendered, StandardCharsets.UTF_8);
    }
    assertTrue(Files.isRegularFile(GOLDEN), "missing " + GOLDEN.toAbsolutePath() + "; create it with -Dslipway.updateGolden=true");
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), rendered, "render changed; if intended, rerun with -Dslipway.updateGolden=true");
  }

  @Test
  void render_anyProject_writesOneComposeFileNamedAfterProjectAndEnvironment() {
    RenderedFile file = renderer.render(RichProject.request());

    assertEquals("compose.yaml", file.path());
    assertEquals("shop-dev", parse(file).get("name"));
    assertEquals(List.of("web", "db", "worker", "redis", "worker-proxy"), List.copyOf(services(file).keySet()));
  }

  @Test
  void render_dependencyWithHealthCheck_waitsUntilHealthy() {
    Map<String, Object> web = renderedService(renderer.render(RichProject.request()), "web");

    assertEquals(Map.of("db", Map.of("condition", "service_healthy"), "redis", Map.of("condition", "service_healthy")), web.get("depends_on"));
  }

  @Test
  void render_dependencyWithoutHealthCheck_waitsOnlyForStart() {
    RenderRequest request =
        request(service("api").image("api:1").dependsOn("queue").build(), service("queue").image("rabbitmq:3").build());

    Map<String, Object> api = renderedService(renderer.render(request), "api");

    assertEquals(Map.of("queue", Map.of("condition", "service_started")), api.get("depends_on"));
  }

  @Test
  void render_metricsOnTheFirstPort_labelsPathAndResolvedPort() {
    RenderRequest request = request(service("api").image("api:1").port(8000).metrics(new Metrics("/metrics", Metrics.FIRST_PORT, TestModel.HERE)).build());

    Map<String, Object> labels = map(renderedService(renderer.render(request), "api").get("labels"));

    assertEquals("/metrics", labels.get("dev.slipway.metrics.path"));
    assertEquals("8000", labels.get("dev.slipway.metrics.port"));
  }

  @Test
  void render_metricsOnAnExposedPort_keepsThatPortOpenToTheNetwork() {
    RenderRequest request = request(service("api").image("api:1").port(8000).port(new Port(9100, Port.NOT_PUBLISHED, TestModel.HERE)).metrics(new Metrics("/stats", 9100, TestModel.HERE)).build());

    Map<String, Object> api = renderedService(renderer.render(request), "api");

    assertEquals(List.of("9100"), api.get("expose"));
    assertEquals("9100", map(api.get("labels")).get("dev.slipway.metrics.port"));
  }

  @Test
  void render_secretValuesAvailable_neverWritesThem(@TempDir Path projectDir) throws IOException {
    Files.createDirectories(projectDir.resolve("secrets"));
    Files.writeString(projectDir.resolve("secrets/api-key.txt"), "file-secret-7f3e91");
    SecretValues values = new SecretValues(Map.of(RichProject.DB_PASSWORD_VARIABLE, "env-secret-c0ffee"), projectDir);
    RenderRequest request = RichProject.request(RichProject.environment(RichProject.COMPOSE), Optional.of(values));
    SecretRef apiKey = request.environment().services().get(0).secrets().get(1);
    assertEquals(Optional.of("file-secret-7f3e91"), values.valueOf(apiKey), "fixture: the file secret must be readable");

    String yaml = renderer.render(request).content();

    assertFalse(yaml.contains("env-secret-c0ffee"), yaml);
    assertFalse(yaml.contains("file-secret-7f3e91"), yaml);
  }

  @Test
  void render_secrets_mountedAtRunSecretsNameWithFileVariableAndSourceByReference() {
    RenderedFile file = renderer.render(RichProject.request());
    Map<String, Object> web = renderedService(file, "web");

    assertEquals(List.of("DB_PASSWORD", "API_KEY"), web.get("secrets"), "short syntax: Compose mounts each at /run/secrets/NAME");
    assertEquals("/run/secrets/DB_PASSWORD", map(web.get("environment")).get("DB_PASSWORD_FILE"));
    assertEquals(
        Map.of("API_KEY", Map.of("file", "secrets/api-key.txt"), "DB_PASSWORD", Map.of("environment", "SHOP_DB_PASSWORD")),
        parse(file).get("secrets"));
  }

  @Test
  void render_sameSecretNameFromDifferentSources_keepsBothApart() {
    Service a = service("a").image("a:1").secretFromEnv("TOKEN", "A_TOKEN").build();
    Service b = service("b").image("b:1").secretFromEnv("TOKEN", "B_TOKEN").build();

    RenderedFile file = renderer.render(request(a, b));

    assertEquals(Map.of("TOKEN", Map.of("environment", "A_TOKEN"), "b-TOKEN", Map.of("environment", "B_TOKEN")), parse(file).get("secrets"));
    assertEquals(List.of(Map.of("source", "b-TOKEN", "target", "/run/secrets/TOKEN")), renderedService(file, "b").get("secrets"));
  }

  @Test
  void render_portsWithoutBindSetting_publishOnLoopbackOnly() {
    Map<String, Object> web = renderedService(renderer.render(RichProject.request()), "web");

    assertEquals(List.of(Map.of("target", 8000, "published", "8000", "host_ip", "127.0.0.1", "protocol", "tcp")), web.get("ports"));
  }

  @Test
  void render_readyImageWithSeveralReplicasAndPort_letsEngineChooseHostPorts() {
    Service cache = service("cache").image("memcached:1").port(11211).replicas(2).build();

    Map<String, Object> rendered = renderedService(renderer.render(request(cache)), "cache");

    assertEquals(List.of(Map.of("target", 11211, "host_ip", "127.0.0.1", "protocol", "tcp")), rendered.get("ports"));
    assertEquals(2, map(rendered.get("deploy")).get("replicas"));
  }

  @Test
  void render_builtServiceWithSeveralReplicas_publishesItsPortThroughAFrontProxyOnItsOwnImage() {
    RenderedFile file = renderer.render(RichProject.request());
    Map<String, Object> worker = renderedService(file, "worker");
    Map<String, Object> proxy = renderedService(file, "worker-proxy");

    assertFalse(worker.containsKey("ports"), "the replicas publish nothing themselves");
    assertEquals(List.of(Map.of("target", 9100, "published", "9100", "host_ip", "127.0.0.1", "protocol", "tcp")), proxy.get("ports"));
    assertEquals(worker.get("image"), proxy.get("image"));
    assertEquals(List.of("python3", "-c"), ((List<?>) proxy.get("entrypoint")).subList(0, 2));
    assertEquals(List.of("worker", "18999", "9100:9100"), proxy.get("command"));
    assertEquals(Map.of("worker", Map.of("condition", "service_started")), proxy.get("depends_on"));
  }

  @Test
  void render_builtServiceWithRollingTrue_getsAFrontProxyToo() {
    Service api = service("api").python("app", "python app.py").port(18999).targetOption("rolling", "true").build();

    Map<String, Object> proxy = renderedService(renderer.render(request(api)), "api-proxy");

    assertEquals(List.of("api", "18998", "18999:18999"), proxy.get("command"), "the admin port moves out of the service's way");
  }

  @Test
  void render_serviceNamedLikeAFrontProxy_isRefusedWithTheReason() {
    Service web = service("web").python("app", "python app.py").port(8000).replicas(2).build();
    Service clash = service("web-proxy").image("nginx:1").build();

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> renderer.render(request(web, clash)));

    assertEquals("service 'web-proxy' has the name Slipway gives the front proxy of 'web' (which updates rolling) on Compose: rename it", error.getMessage());
  }

  @Test
  void render_resources_becomeComposeLimitsAndAutoscaleIsLeftOut() {
    Map<String, Object> worker = renderedService(renderer.render(RichProject.request()), "worker");

    assertEquals(
        Map.of("replicas", 2, "resources", Map.of("limits", Map.of("cpus", "0.5", "memory", "512M"))), worker.get("deploy"));
  }

  @Test
  void render_singleReplicaWithoutResources_hasNoDeploySection() {
    assertFalse(renderedService(renderer.render(RichProject.request()), "web").containsKey("deploy"));
  }

  @Test
  void render_environment_keepsScriptOrderThenSecretFileVariables() {
    Map<String, Object> web = renderedService(renderer.render(RichProject.request()), "web");

    assertEquals(
        List.of("APP_MODE", "LOG_LEVEL", "DATABASE_HOST", "DB_PASSWORD_FILE", "API_KEY_FILE"),
        List.copyOf(map(web.get("environment")).keySet()));
  }

  @Test
  void render_dollarInValues_isEscapedSoComposeDoesNotSubstituteHostVariables() {
    Service api =
        service("api")
            .image("api:1")
            .env("GREETING", "costs $5 or ${PRICE}")
            .health(new HealthCheck.Command("test -n \"$HOSTNAME\"", Duration.ofSeconds(20)))
            .build();

    RenderedFile file = renderer.render(request(api));
    Map<String, Object> out = renderedService(file, "api");

    assertEquals("costs $$5 or $${PRICE}", map(out.get("environment")).get("GREETING"));
    assertEquals(List.of("CMD-SHELL", "test -n \"$$HOSTNAME\""), map(out.get("healthcheck")).get("test"));
  }

  @Test
  void render_volumes_mountedOnServiceAndDeclaredOnceSortedAtTopLevel() {
    Service a = service("a").image("a:1").volume("zeta", "/z").volume("alpha", "/a").build();
    Service b = service("b").image("b:1").volume("alpha", "/data").build();

    RenderedFile file = renderer.render(request(a, b));

    assertEquals(List.of("alpha", "zeta"), List.copyOf(map(parse(file).get("volumes")).keySet()));
    assertEquals(List.of(Map.of("type", "volume", "source", "alpha", "target", "/data")), renderedService(file, "b").get("volumes"));
  }

  @Test
  void render_builtServiceWithHttpHealthOnDefaultPort_probesFirstPortFromPython() {
    Map<String, Object> healthcheck = map(renderedService(renderer.render(RichProject.request()), "web").get("healthcheck"));

    assertEquals(
        List.of("CMD", "python3", "-c", "__import__('urllib.request').request.urlopen('http://127.0.0.1:8000/healthz',timeout=3)"),
        healthcheck.get("test"));
    assertEquals(Map.of("interval", "5s", "timeout", "3s", "retries", 3), withoutTest(healthcheck), "the default timing; no start_period when it is 0");
  }

  @Test
  void render_imageServiceWithHttpHealth_probesWithWgetOrCurl() {
    Service nginx = service("proxy").image("nginx:1").port(80).health(new HealthCheck.Http("/", 8080, Duration.ofSeconds(2))).build();

    Map<String, Object> healthcheck = map(renderedService(renderer.render(request(nginx)), "proxy").get("healthcheck"));

    assertEquals(
        List.of(
            "CMD-SHELL",
            "wget -q -T 3 -O /dev/null 'http://127.0.0.1:8080/' || curl -fsS -m 3 -o /dev/null 'http://127.0.0.1:8080/'"),
        healthcheck.get("test"));
  }

  @Test
  void render_tcpHealth_builtServiceUsesPythonAndImageUsesShell() {
    Service built = service("api").python("app", null).port(7000).health(new HealthCheck.Tcp(7000, Duration.ofSeconds(30))).build();

    RenderedFile file = renderer.render(request(built));
    List<?> builtTest = (List<?>) map(renderedService(file, "api").get("healthcheck")).get("test");
    List<?> imageTest = (List<?>) map(renderedService(renderer.render(RichProject.request()), "redis").get("healthcheck")).get("test");

    assertEquals(
        List.of("CMD", "python3", "-c", "__import__('socket').create_connection(('127.0.0.1',7000),timeout=3).close()"), builtTest);
    assertEquals("CMD-SHELL", imageTest.get(0));
    assertTrue(imageTest.get(1).toString().contains("127.0.0.1 6379"), imageTest.toString());
  }

  @Test
  void render_everyService_carriesSlipwayLabels() {
    Map<String, Object> db = renderedService(renderer.render(RichProject.request()), "db");

    assertEquals(
        Map.of("dev.slipway.project", "shop", "dev.slipway.environment", "dev", "dev.slipway.service", "db"), db.get("labels"));
  }

  @Test
  void render_repeatedEqualStructures_writesNoYamlAnchors() {
    String yaml = renderer.render(RichProject.request()).content();

    List<String> anchorLines = yaml.lines().filter(l -> l.matches(".*(: |- )[&*]id\\d+.*")).collect(Collectors.toList());
    assertEquals(List.of(), anchorLines);
  }

  private static RenderRequest request(Service... services) {
    Project project = TestModel.project("app", Path.of("."), RichProject.COMPOSE, services);
    Map<String, String> images = new HashMap<>();
    for (Service s : services) {
      images.put(s.name(), s.image().orElse("localhost:5000/app/" + s.name() + ":1"));
    }
    return new RenderRequest(new ResolvedEnvironment(project, "dev", RichProject.COMPOSE, project.services()), images, Optional.empty());
  }

  private static Map<String, Object> parse(RenderedFile file) {
    return new Yaml().load(file.content());
  }

  private static Map<String, Object> services(RenderedFile file) {
    return map(parse(file).get("services"));
  }

  private static Map<String, Object> renderedService(RenderedFile file, String name) {
    return map(services(file).get(name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> withoutTest(Map<String, Object> healthcheck) {
    Map<String, Object> rest = new LinkedHashMap<>(healthcheck);
    rest.remove("test");
    return rest;
  }
}
