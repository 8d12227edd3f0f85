package dev.slipway.compose;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.model.BindMount;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Compose target deploying the keywords real projects need (files, mounts, networks,
 * command, stop signal, unpublished and named ports, health timing, dashed secrets) to podman
 * behind its own Docker-compatible socket (started here, stopped by its process), with the real
 * Compose v2 CLI. The services run the Debian-built Python base image: one as if Slipway had
 * built it (a Python service, so it gets a front proxy), the others as ready images.
 */
class ComposeKeywordsIT {

  /** Its own host port and project name, apart from what other tests on this machine use. */
  private static final int HOST_PORT = 18110;
  private static final String PROJECT = "h2-keywords";
  private static final String BASE = "localhost/slipway-base/python:3.11-bookworm";
  private static final String WEB_IMAGE = "localhost/h2-keywords/web:it";
  private static final String PASSWORD = "pw-" + System.nanoTime();

  private static Process podmanService;
  private static Path socket;

  @TempDir Path project;

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final ComposeTarget target = new ComposeTarget();

  @BeforeAll
  static void startEngine() throws IOException, InterruptedException {
    ContainerTools.require("podman", "docker", "mmdebstrap");
    boolean composeV2 = ContainerTools.run(List.of("docker", "compose", "version")).contains(" 2.");
    assertTrue(composeV2, "needs Compose v2 as `docker compose`: run scripts/setup-containers");
    ContainerTools.run(List.of("podman", "load", "-q", "-i", PythonFixtures.baseImageTar().toString()));
    // A Python service's image as Slipway builds it: the base with a start command.
    Path build = Files.createTempDirectory("h2-keywords-build-");
    Files.writeString(build.resolve("Containerfile"), "FROM " + BASE + "\nCMD [\"python3\", \"-m\", \"http.server\", \"8000\", \"--directory\", \"/srv\"]\n");
    ContainerTools.run(List.of("podman", "build", "-q", "-t", WEB_IMAGE, build.toString()));
    Files.delete(build.resolve("Containerfile"));
    Files.delete(build);
    socket = Files.createTempDirectory("h2-keywords-podman-").resolve("podman.sock");
    podmanService = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 100 && !Files.exists(socket); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(socket), "podman system service did not open " + socket);
  }

  @AfterAll
  static void stopEngine() throws IOException, InterruptedException {
    if (podmanService != null) {
      podmanService.destroy();
      if (!podmanService.waitFor(10, TimeUnit.SECONDS)) {
        podmanService.destroyForcibly();
      }
    }
    if (socket != null) {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(socket.getParent());
    }
    // Rebuilt in a second from the cached base; only this test uses it.
    new ProcessBuilder("podman", "rmi", "--force", WEB_IMAGE).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        .waitFor(60, TimeUnit.SECONDS);
  }

  @Test
  void deploy_realWorldKeywords_behaveAsInAHandWrittenComposeFile() throws Exception {
    Files.createDirectories(project.resolve("site"));
    Files.writeString(project.resolve("site/index.html"), "release one");
    Files.createDirectories(project.resolve("data"));
    Files.writeString(project.resolve("data/seed.txt"), "seed rows");
    RenderRequest request = request();
    DeployContext context = context();
    try {
      deploy(request, context);

      assertEquals("release one", get("/index.html"), "the project file, served through the proxy on the network the service joined");
      assertEquals("release one", exec("client", "python3", "-c", "import urllib.request; print(urllib.request.urlopen('http://web:8000/index.html').read().decode(), end='')"));
      assertFalse(execOk("loner", "python3", "-c", "import socket; socket.gethostbyname('web')"), "a service on default only does not see the front network");
      assertEquals("seed rows", exec("client", "cat", "/seed/seed.txt"));
      assertFalse(execOk("client", "sh", "-c", "echo x > /seed/new.txt"), "mounted read-only");
      assertEquals(PASSWORD, exec("client", "cat", "/run/secrets/db-password"));
      assertEquals("/run/secrets/db-password", exec("client", "printenv", "DB_PASSWORD_FILE").strip());
      // podman shows the signal by its number.
      assertTrue(List.of("SIGINT", "2").contains(engine("inspect", "--format", "{{.Config.StopSignal}}", PROJECT + "-it-client-1").strip()));
      assertFalse(execOk("web", "sh", "-c", "echo x > /srv/index.html"), "a project file is read-only in the container");

      String clientBefore = containerId("client");
      List<String> webBefore = containerIds("web");
      Files.writeString(project.resolve("site/index.html"), "release two");
      deploy(request(), context);

      assertEquals("release two", get("/index.html"));
      assertTrue(webBefore.stream().noneMatch(containerIds("web")::contains), "a changed file replaces the containers: " + webBefore + " " + containerIds("web"));
      assertEquals(clientBefore, containerId("client"), "an unchanged service is left alone");

      target.runOnce(render(request()), request(), new OneOffRunner.OneOff("check", "client",
          "test \"$(cat /seed/seed.txt)\" = 'seed rows' && test -s /run/secrets/db-password"
              + " && python3 -c \"import urllib.request; urllib.request.urlopen('http://web:8000/index.html')\"", Duration.ofSeconds(120)), context);
    } finally {
      target.destroy(request, true, context);
    }
    assertEquals("", engine("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT + "-it").strip());
  }

  private RenderRequest request() {
    HealthCheck quick = new HealthCheck.Http("/index.html", 0, Duration.ofSeconds(90),
        new HealthCheck.Timing(Duration.ofSeconds(2), Duration.ofSeconds(2), 3, Duration.ofSeconds(1)));
    Service web = service("web")
        .python("web", "python3 -m http.server 8000 --directory /srv")
        .port(new Port(8000, HOST_PORT, Optional.of("http"), HERE))
        .port(new Port(9000, Port.NOT_PUBLISHED, HERE))
        .file(new ProjectFile("site/index.html", "/srv/index.html", HERE))
        .network("front")
        .health(quick)
        .replicas(2)
        .build();
    Service client = service("client")
        .image(BASE)
        .command(List.of("sleep", "infinity"))
        .stopSignal("SIGINT")
        .network("front")
        .mount(new BindMount("data", "/seed", true, HERE))
        .secret(new SecretRef("db-password", Optional.of("H2_KEYWORDS_DB_PASSWORD"), Optional.empty(), HERE))
        .build();
    Service loner = service("loner").image(BASE).command(List.of("sleep", "infinity")).build();
    TargetSpec compose = new TargetSpec("compose", Map.of(), HERE);
    Project shop = TestModel.project(PROJECT, project, compose, web, client, loner);
    ResolvedEnvironment environment = new ResolvedEnvironment(shop, "it", compose, shop.services());
    return new RenderRequest(environment, Map.of("web", WEB_IMAGE, "client", BASE, "loner", BASE), Optional.empty());
  }

  private DeployContext context() {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("DOCKER_HOST", "unix://" + socket);
    environment.put("SLIPWAY_COMPOSE_CLI", "docker compose");
    environment.put("H2_KEYWORDS_DB_PASSWORD", PASSWORD);
    return new DeployContext(project.resolve(".slipway/state/it"), environment, events::add);
  }

  private Rendering render(RenderRequest request) {
    return target.render(request);
  }

  private void deploy(RenderRequest request, DeployContext context) {
    target.apply(render(request), request, List.of("web", "client", "loner"), context);
  }

  private static String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HOST_PORT + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static String exec(String service, String... command) {
    List<String> exec = new ArrayList<>(List.of("exec", PROJECT + "-it-" + service + "-1"));
    exec.addAll(List.of(command));
    return engine(exec.toArray(String[]::new));
  }

  private static boolean execOk(String service, String... command) throws IOException, InterruptedException {
    List<String> exec = new ArrayList<>(List.of("podman", "exec", PROJECT + "-it-" + service + "-1"));
    exec.addAll(List.of(command));
    Process process = new ProcessBuilder(exec).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return process.waitFor() == 0;
  }

  private static String engine(String... arguments) {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(arguments));
    return ContainerTools.run(command);
  }

  private static String containerId(String service) {
    return engine("inspect", "--format", "{{.Id}}", PROJECT + "-it-" + service + "-1").strip();
  }

  private static List<String> containerIds(String service) {
    return engine("ps", "-q", "--no-trunc", "--filter", "label=com.docker.compose.project=" + PROJECT + "-it",
        "--filter", "label=com.docker.compose.service=" + service).lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
  }
}
