package dev.slipway.compose.render;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.BindMount;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The keywords a project brought from a hand-written compose file needs, rendered as such a file would say them. */
class ComposeRendererRealWorldTest {

  /** Run with {@code -Dslipway.updateGolden=true} to rewrite the golden file after an intended change. */
  private static final Path GOLDEN = Path.of("src/test/resources/golden/real-world-dev.compose.yaml");

  /** The project directory in the golden file, which is absolute in a render and differs per checkout. */
  private static final String PROJECT_DIR = "/PROJECT";

  private final ComposeRenderer renderer = new ComposeRenderer("127.0.0.1");

  @Test
  void render_realWorldProject_matchesGoldenFile() throws IOException {
    String rendered = renderer.render(RealWorldProject.request()).content().replace(RealWorldProject.FILES.toString(), PROJECT_DIR);

    if (Boolean.getBoolean("slipway.updateGolden")) {
      Files.writeString(GOLDEN, rendered, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), rendered, "render changed; if intended, rerun with -Dslipway.updateGolden=true");
  }

  @Test
  void render_realWorldProject_followsComposeSpecificationAndIsByteIdenticalTwice() {
    String first = renderer.render(RealWorldProject.request()).content();

    assertEquals(List.of(), ComposeSchema.violations(first), first);
    assertEquals(first, new ComposeRenderer("127.0.0.1").render(RealWorldProject.request()).content());
  }

  @Test
  void render_publishedAndUnpublishedPorts_publishedOnTheBindAddressByNameAndTheOthersOnlyExposed() {
    Map<String, Object> api = renderedService(render(), "api");

    assertEquals(List.of(Map.of("name", "metrics", "target", 9090, "published", "18101", "host_ip", "127.0.0.1", "protocol", "tcp")), api.get("ports"));
    assertEquals(List.of("8000"), api.get("expose"));
  }

  @Test
  void render_rollingPythonServiceWithAnUnpublishedPort_itsProxyHoldsOnlyThePublishedOne() {
    Service api = service("api").python("api", "python app.py").port(new Port(8000, Port.NOT_PUBLISHED, HERE))
        .port(new Port(9090, 18101, Optional.of("metrics"), HERE)).targetOption("rolling", "true").build();

    RenderedFile file = renderer.render(RealWorldProject.request(RealWorldProject.FILES, api));

    Map<String, Object> proxy = renderedService(file, "api-proxy");
    assertEquals(List.of(Map.of("name", "metrics", "target", 9090, "published", "18101", "host_ip", "127.0.0.1", "protocol", "tcp")), proxy.get("ports"));
    assertEquals(List.of("api", "18999", "9090:9090"), proxy.get("command"), "the proxy listens on no port the host does not reach");
    assertEquals(List.of("8000"), renderedService(file, "api").get("expose"));
    assertFalse(renderedService(file, "api").containsKey("ports"), "its proxy publishes the published one");
  }

  @Test
  void render_onlyUnpublishedPorts_noPortsSectionAtAll() {
    Map<String, Object> mongo = renderedService(render(), "mongo");

    assertFalse(mongo.containsKey("ports"), mongo.toString());
    assertEquals(List.of("27017"), mongo.get("expose"));
  }

  @Test
  void render_namedPublishedPort_keepsItsNameInTheLongSyntax() {
    Map<String, Object> front = renderedService(render(), "front");

    assertEquals(List.of(Map.of("name", "http", "target", 80, "published", "18100", "host_ip", "127.0.0.1", "protocol", "tcp")), front.get("ports"));
    assertFalse(front.containsKey("expose"));
  }

  @Test
  void render_commandEntrypointAndStopSignal_asComposeListsWithDollarsKeptLiteral() {
    Map<String, Object> worker = renderedService(render(), "worker");
    Map<String, Object> mongo = renderedService(render(), "mongo");

    assertEquals(List.of("python", "-m"), worker.get("entrypoint"));
    assertEquals(List.of("worker", "--queue", "$$QUEUE"), worker.get("command"), "Compose would substitute $QUEUE from the deploying shell");
    assertEquals(List.of("mongod", "--bind_ip_all", "--auth"), mongo.get("command"));
    assertFalse(mongo.containsKey("entrypoint"), "the image's own entrypoint stays");
    assertEquals("SIGINT", mongo.get("stop_signal"));
    assertFalse(renderedService(render(), "api").containsKey("command"), "a Python service's start command is its image's");
  }

  @Test
  void render_projectFile_readOnlyBindMountOfItsAbsolutePathWithItsDigestAsLabel() {
    Map<String, Object> front = renderedService(render(), "front");

    assertEquals(
        List.of(Map.of("type", "bind", "source", RealWorldProject.FILES.resolve("front/nginx.conf").toString(), "target", "/etc/nginx/nginx.conf", "read_only", true)),
        front.get("volumes"));
    assertTrue(map(front.get("labels")).get(ComposeMounts.FILES_DIGEST_LABEL).toString().matches("[0-9a-f]{16}"), front.get("labels").toString());
    assertFalse(map(renderedService(render(), "mongo").get("labels")).containsKey(ComposeMounts.FILES_DIGEST_LABEL), "no files, no digest");
  }

  @Test
  void render_projectFileContentChanges_digestLabelChangesSoComposeRecreatesTheContainer(@TempDir Path project) throws IOException {
    Files.createDirectories(project.resolve("front"));
    Files.writeString(project.resolve("front/nginx.conf"), "events {}\n");
    String before = filesDigest(project);
    String same = filesDigest(project);

    Files.writeString(project.resolve("front/nginx.conf"), "events { worker_connections 64; }\n");
    String after = filesDigest(project);

    assertEquals(before, same);
    assertNotEquals(before, after);
  }

  @Test
  void render_projectFileMovedToAnotherPath_digestChangesToo(@TempDir Path project) throws IOException {
    Files.writeString(project.resolve("app.ini"), "[app]\n");
    Service one = service("web").image("web:1").file(new ProjectFile("app.ini", "/etc/app.ini", HERE)).build();
    Service other = service("web").image("web:1").file(new ProjectFile("app.ini", "/etc/app/app.ini", HERE)).build();

    assertNotEquals(labels(RealWorldProject.request(project, one)).get(ComposeMounts.FILES_DIGEST_LABEL),
        labels(RealWorldProject.request(project, other)).get(ComposeMounts.FILES_DIGEST_LABEL));
  }

  @Test
  void render_projectFileGoneSinceValidation_locatedErrorAtItsLine(@TempDir Path project) {
    ProjectFile missing = new ProjectFile("conf/app.ini", "/etc/app.ini", SourceLocation.at("deploy.groovy", 7));
    Service web = service("web").image("web:1").file(missing).build();

    InvalidInputException error = assertThrows(InvalidInputException.class, () -> renderer.render(RealWorldProject.request(project, web)));

    assertEquals(7, error.problems().get(0).location().line());
    assertTrue(error.getMessage().contains("file 'conf/app.ini' cannot be read"), error.getMessage());
  }

  @Test
  void render_hostMounts_bindMountsOfAbsolutePathsReadOnlyOnlyWhenAsked() {
    Map<String, Object> worker = renderedService(render(), "worker");

    assertEquals(
        List.of(
            Map.of("type", "bind", "source", RealWorldProject.FILES.toString(), "target", "/code"),
            Map.of("type", "bind", "source", RealWorldProject.FILES.resolve("data").toString(), "target", "/seed", "read_only", true)),
        worker.get("volumes"));
  }

  @Test
  void render_volumesFilesAndMounts_allInOneVolumesListInThatOrder(@TempDir Path project) throws IOException {
    Files.writeString(project.resolve("app.ini"), "[app]\n");
    Service web = service("web").image("web:1").volume("cache", "/cache").mount(new BindMount(".", "/code", true, HERE))
        .file(new ProjectFile("app.ini", "/etc/app.ini", HERE)).build();

    List<?> volumes = (List<?>) renderedService(renderer.render(RealWorldProject.request(project, web)), "web").get("volumes");

    assertEquals(List.of("/cache", "/etc/app.ini", "/code"), volumes.stream().map(v -> map(v).get("target")).toList());
  }

  @Test
  void render_networks_declaredOnceSortedAtTopLevelJoinedPerServiceAndTheRestStaysOnDefault() {
    RenderedFile file = render();

    assertEquals(Map.of("back", Map.of(), "front", Map.of()), parse(file).get("networks"));
    assertEquals(List.of("back", "front"), List.copyOf(map(parse(file).get("networks")).keySet()));
    assertEquals(List.of("front", "back"), renderedService(file, "api").get("networks"));
    assertEquals(List.of("back"), renderedService(file, "mongo").get("networks"));
    assertFalse(renderedService(file, "worker").containsKey("networks"), "Compose puts a service without networks on default");
  }

  @Test
  void render_noNetworksAnywhere_noNetworksSection() {
    assertFalse(parse(renderer.render(RichProject.request())).containsKey("networks"));
  }

  @Test
  void render_rollingServiceOnNetworks_itsProxyJoinsTheSameNetworksToReachIt() {
    Service api = service("api").python("api", "python app.py").port(8000).network("front").network("back").replicas(2).build();

    RenderedFile file = renderer.render(RealWorldProject.request(RealWorldProject.FILES, api));

    assertEquals(List.of("front", "back"), renderedService(file, "api-proxy").get("networks"));
    assertEquals(List.of(), ComposeSchema.violations(file.content()));
  }

  @Test
  void render_proxyConfigLabel_changesWithTheNetworksButNotWithAnExposedPort() {
    Service plain = service("api").python("api", "python app.py").port(8000).replicas(2).build();
    Service exposing = service("api").python("api", "python app.py").port(8000).port(new Port(9000, Port.NOT_PUBLISHED, HERE)).replicas(2).build();
    Service networked = service("api").python("api", "python app.py").port(8000).network("back").replicas(2).build();

    String key = proxyConfig(plain);

    assertEquals(key, proxyConfig(exposing), "the proxy holds no unpublished port, so it must not be recreated for one");
    assertNotEquals(key, proxyConfig(networked), "a proxy on other networks must be recreated to reach the service");
  }

  @Test
  void render_healthTiming_asComposeHealthcheckWithTheTimeoutInsideTheProbeToo() {
    Map<String, Object> front = map(renderedService(render(), "front").get("healthcheck"));
    Map<String, Object> api = map(renderedService(render(), "api").get("healthcheck"));
    Map<String, Object> mongo = map(renderedService(render(), "mongo").get("healthcheck"));

    assertEquals("10s", front.get("interval"));
    assertEquals("2s", front.get("timeout"));
    assertEquals(5, front.get("retries"));
    assertEquals("15s", front.get("start_period"));
    assertTrue(((List<?>) front.get("test")).get(1).toString().startsWith("wget -q -T 2 "), front.toString());
    assertEquals("4s", api.get("timeout"));
    assertTrue(((List<?>) api.get("test")).get(3).toString().endsWith("timeout=4)"), api.toString());
    assertEquals("30s", mongo.get("start_period"));
    assertEquals(List.of("CMD-SHELL", "mongosh --quiet --eval 'db.runCommand({ping: 1})'"), mongo.get("test"));
  }

  @Test
  void render_httpHealthWithoutPort_keepsItsTimingOnTheFirstPort() {
    Map<String, Object> healthcheck = map(renderedService(render(), "api").get("healthcheck"));

    assertEquals(List.of("CMD", "python3", "-c", "__import__('urllib.request').request.urlopen('http://127.0.0.1:8000/healthz',timeout=4)"),
        healthcheck.get("test"));
  }

  @Test
  void render_tcpHealthTimeout_givenToNetcat() {
    Service redis = service("redis").image("redis:7").port(6379)
        .health(new HealthCheck.Tcp(6379, Duration.ofSeconds(30), new HealthCheck.Timing(Duration.ofSeconds(5), Duration.ofSeconds(7), 3, Duration.ZERO))).build();

    List<?> test = (List<?>) map(renderedService(renderer.render(RealWorldProject.request(RealWorldProject.FILES, redis)), "redis").get("healthcheck")).get("test");

    assertTrue(test.get(1).toString().startsWith("nc -z -w 7 127.0.0.1 6379"), test.toString());
  }

  @Test
  void render_dockerfileService_runsTheBuiltImageAndIsProbedWithoutPython() {
    Map<String, Object> front = renderedService(render(), "front");

    assertEquals("localhost:5000/shop/front:src-3f2a9c1", front.get("image"));
    assertEquals("CMD-SHELL", ((List<?>) map(front.get("healthcheck")).get("test")).get(0), "nothing says a Dockerfile's image has python3");
  }

  @Test
  void render_dockerfileServiceWithSeveralReplicas_noFrontProxyAndTheEngineChoosesHostPorts() {
    Service front = service("front").dockerfile(new DockerfileBuild("front/Dockerfile", "front", Map.of(), Optional.empty(), HERE))
        .port(80).replicas(2).build();

    RenderedFile file = renderer.render(RealWorldProject.request(RealWorldProject.FILES, front));

    assertFalse(services(file).containsKey("front-proxy"), "the proxy runs on Python, which a Dockerfile's image may not have");
    assertEquals(List.of(Map.of("target", 80, "host_ip", "127.0.0.1", "protocol", "tcp")), renderedService(file, "front").get("ports"));
  }

  @Test
  void render_dockerfileServiceWithRollingTrue_publishesItsOwnPort() {
    Service front = service("front").dockerfile(new DockerfileBuild("front/Dockerfile", "front", Map.of(), Optional.empty(), HERE))
        .port(80).targetOption("rolling", "true").build();

    RenderedFile file = renderer.render(RealWorldProject.request(RealWorldProject.FILES, front));

    assertEquals(List.of("front"), List.copyOf(services(file).keySet()));
    assertEquals(List.of(Map.of("target", 80, "published", "80", "host_ip", "127.0.0.1", "protocol", "tcp")), renderedService(file, "front").get("ports"));
  }

  @Test
  void render_dashedSecretName_mountedAtRunSecretsUnderItsNameWithTheDerivedVariable() {
    RenderedFile file = render();
    Map<String, Object> api = renderedService(file, "api");

    assertEquals(List.of("db-password"), api.get("secrets"));
    assertEquals("/run/secrets/db-password", map(api.get("environment")).get("DB_PASSWORD_FILE"));
    assertEquals(Map.of("db-password", Map.of("environment", "SHOP_DB_PASSWORD")), parse(file).get("secrets"), "one definition for both services");
  }

  @Test
  void render_dashedSecretNameFromTwoSources_secondGetsItsOwnDefinitionMountedAtTheSamePath() {
    Service a = service("a").image("a:1").secret(new SecretRef("api-key", Optional.of("A_KEY"), Optional.empty(), HERE)).build();
    Service b = service("b").image("b:1").secret(new SecretRef("api-key", Optional.of("B_KEY"), Optional.empty(), HERE)).build();

    RenderedFile file = renderer.render(RealWorldProject.request(RealWorldProject.FILES, a, b));

    assertEquals(Map.of("api-key", Map.of("environment", "A_KEY"), "b-api-key", Map.of("environment", "B_KEY")), parse(file).get("secrets"));
    assertEquals(List.of(Map.of("source", "b-api-key", "target", "/run/secrets/api-key")), renderedService(file, "b").get("secrets"));
  }

  @Test
  void render_unpublishedPortOfARollingPythonService_noProxyWhenNothingIsPublished() {
    Service api = service("api").python("api", "python app.py").port(new Port(8000, Port.NOT_PUBLISHED, HERE)).replicas(2).build();

    RenderedFile file = renderer.render(RealWorldProject.request(RealWorldProject.FILES, api));

    assertEquals(List.of("api"), List.copyOf(services(file).keySet()));
    assertEquals(List.of("8000"), renderedService(file, "api").get("expose"));
  }

  private String proxyConfig(Service fronted) {
    Map<String, Object> proxy = renderedService(renderer.render(RealWorldProject.request(RealWorldProject.FILES, fronted)), FrontProxy.nameFor(fronted));
    return map(proxy.get("labels")).get(FrontProxy.CONFIG_LABEL).toString();
  }

  private RenderedFile render() {
    return renderer.render(RealWorldProject.request());
  }

  private String filesDigest(Path project) {
    Service front = service("front").image("nginx:1.27").file(new ProjectFile("front/nginx.conf", "/etc/nginx/nginx.conf", HERE)).build();
    return labels(RealWorldProject.request(project, front)).get(ComposeMounts.FILES_DIGEST_LABEL).toString();
  }

  private Map<String, Object> labels(RenderRequest request) {
    return map(renderedService(renderer.render(request), request.environment().services().get(0).name()).get("labels"));
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
}
