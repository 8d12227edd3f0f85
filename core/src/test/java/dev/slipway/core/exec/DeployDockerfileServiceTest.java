package dev.slipway.core.exec;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.ContainerEngine;
import dev.slipway.core.build.EngineUnavailable;
import dev.slipway.core.build.ImageDestination;
import dev.slipway.core.build.PipOptions;
import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.Environment;
import dev.slipway.core.model.Pipeline;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.DeployContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dockerfile service deploys like a Python one: built and pushed in the build stage, then run
 * and recorded by digest; or, without the build stage, pinned to what the registry has. The engine
 * is a stand-in script that answers as podman does; the registry answers as a registry does.
 */
class DeployDockerfileServiceTest {

  private static final String PUSHED = "sha256:" + "5e".repeat(32);

  @TempDir Path base;
  @TempDir Path bin;

  private HttpServer registry;
  /** The manifests the registry has, by {@code repository:tag}. */
  private final Map<String, String> manifests = new ConcurrentHashMap<>();

  @BeforeEach
  void registryAndProject() throws Exception {
    registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext("/v2/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      int status = 200;
      if (path.contains("/manifests/")) {
        String[] parts = path.substring("/v2/".length()).split("/manifests/");
        String digest = manifests.get(parts[0] + ":" + parts[1]);
        if (digest != null) {
          exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
        }
        status = digest != null ? 200 : 404;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    registry.start();
    Files.createDirectories(base.resolve("proxy/site"));
    Files.writeString(base.resolve("proxy/Dockerfile"), "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n");
    Files.writeString(base.resolve("proxy/site/index.html"), "<h1>shop</h1>\n");
  }

  @AfterEach
  void stop() {
    registry.stop(0);
  }

  private String registryName() {
    return "127.0.0.1:" + registry.getAddress().getPort() + "/shop";
  }

  private Project project() {
    DockerfileBuild build = new DockerfileBuild("proxy/Dockerfile", "proxy", Map.of(), Optional.empty(), HERE);
    return new Project("shop", Optional.of(registryName()),
        List.of(service("proxy").dockerfile(build).port(80).build(), service("db").image("postgres:16").build()),
        List.of(new Environment("env", Optional.empty(), Optional.of(new TargetSpec("compose", Map.of(), HERE)), List.of(), HERE)),
        Pipeline.DEFAULT, base, HERE, HERE);
  }

  /** Builds by writing an image id; pushes by writing the digest the registry would give, which then has the tag. */
  private ContainerEngine fakePodman() throws Exception {
    Path podman = bin.resolve("podman");
    Files.writeString(podman, String.join("\n",
        "#!/bin/sh",
        "cmd=\"$1\"",
        "while [ $# -gt 0 ]; do",
        "  case \"$1\" in --iidfile) iid=\"$2\" ;; --digestfile) digest=\"$2\" ;; esac",
        "  shift",
        "done",
        "case \"$cmd\" in",
        "  build) echo 'STEP 1/2: FROM nginx:1.27'; printf 'sha256:%064d' 1 > \"$iid\" ;;",
        "  push) printf '" + PUSHED + "' > \"$digest\"; touch \"" + bin.resolve("pushed") + "\" ;;",
        "esac",
        ""));
    Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new ContainerEngine(podman);
  }

  private DeployContext context() {
    return new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});
  }

  private Map<?, ?> recordedImages(DeployContext context) throws Exception {
    return (Map<?, ?>) new ObjectMapper().readValue(context.stateDir().resolve("releases/0001/release.json").toFile(), Map.class).get("images");
  }

  @Test
  void deploy_buildsPushesAndRecordsTheDockerfileServiceByDigest() throws Exception {
    Project project = project();
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    BuildStage.Options build = new BuildStage.Options(
        new ImageDestination.Registry(false), PipOptions.DEFAULTS, "python3", new CacheDirectory(base.resolve("cache")), false, Optional.of(fakePodman()));
    DeployContext context = context();
    RecordingTarget target = new RecordingTarget();

    DeployRun.Outcome outcome = new DeployRun(new DeployRun.Options(build, null, Set.of("build", "deploy"), true, 1), event -> {})
        .run(project, plan, target, context);

    assertTrue(outcome.succeeded(), outcome.steps().summary().toString());
    assertTrue(Files.exists(bin.resolve("pushed")), "pushed with the engine");
    assertEquals(Map.of("proxy", registryName() + "/proxy@" + PUSHED, "db", "postgres:16"), recordedImages(context));
    assertTrue(target.applied.get(0).files().get(0).content().contains(registryName() + "/proxy@" + PUSHED), "the target ran it by digest");
  }

  @Test
  void deploy_withoutItsBuildStage_pinsTheDockerfileServiceToWhatTheRegistryHas() throws Exception {
    Project project = project();
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    String tag = plan.images().get("proxy");
    manifests.put("shop/proxy:" + tag.substring(tag.lastIndexOf(':') + 1), PUSHED);
    BuildStage.Options build = new BuildStage.Options(new ImageDestination.Registry(false), PipOptions.DEFAULTS, "python3", new CacheDirectory(base.resolve("cache")));
    DeployContext context = context();

    DeployRun.Outcome outcome = new DeployRun(new DeployRun.Options(build, null, Set.of("deploy"), true, 1), event -> {})
        .run(project, plan, new RecordingTarget(), context);

    assertTrue(outcome.succeeded(), outcome.steps().summary().toString());
    assertEquals(Map.of("proxy", registryName() + "/proxy@" + PUSHED, "db", "postgres:16"), recordedImages(context));
  }

  @Test
  void deploy_noEngine_failsBeforeAnythingIsBuiltOrApplied() {
    Project project = project();
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    BuildStage.Options build = new BuildStage.Options(
        new ImageDestination.Registry(false), PipOptions.DEFAULTS, "python3", new CacheDirectory(base.resolve("cache")), false, Optional.empty());
    RecordingTarget target = new RecordingTarget();

    EngineUnavailable failure = assertThrows(EngineUnavailable.class,
        () -> new DeployRun(new DeployRun.Options(build, null, Set.of("build", "deploy"), true, 1), event -> {}).run(project, plan, target, context()));

    assertTrue(failure.getMessage().startsWith("deploy.groovy:1: service 'proxy' is built from a Dockerfile, which needs a container engine"), failure.getMessage());
    assertEquals(List.of(), target.applied);
    assertFalse(Files.exists(base.resolve(".slipway/state/env/releases/0001")), "no release was started");
  }
}
