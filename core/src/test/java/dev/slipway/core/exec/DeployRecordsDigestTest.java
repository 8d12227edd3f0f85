package dev.slipway.core.exec;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.ImageDestination;
import dev.slipway.core.build.PipOptions;
import dev.slipway.core.cache.CacheDirectory;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release records a built service by digest, {@code name@sha256:...}, also when this deploy did
 * not build it ({@code --skip build}, {@code --only deploy}): the registry is asked what the plan's
 * tag points at, so that what runs, and what a rollback brings back, is exactly that image.
 */
class DeployRecordsDigestTest {

  private static final String DIGEST = "sha256:" + "4f".repeat(32);

  @TempDir Path base;

  private HttpServer registry;
  /** The manifests the fake registry has, by {@code repository:tag}. */
  private final Map<String, String> manifests = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeEach
  void registry() throws Exception {
    registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext("/v2/", exchange -> {
      String[] path = exchange.getRequestURI().getPath().split("/manifests/");
      String digest = manifests.get(path[0].substring("/v2/".length()) + ":" + path[path.length - 1]);
      if (digest != null) {
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
      }
      exchange.sendResponseHeaders(digest != null ? 200 : 404, -1);
      exchange.close();
    });
    registry.start();
  }

  @AfterEach
  void stop() {
    registry.stop(0);
  }

  @Test
  void deployWithoutItsBuildStage_recordsTheImageTheRegistryHasByDigest() throws Exception {
    Files.createDirectories(base.resolve("web"));
    Files.writeString(base.resolve("web/app.py"), "print('hi')\n");
    String registryName = "127.0.0.1:" + registry.getAddress().getPort() + "/shop";
    Project project = new Project("shop", Optional.of(registryName),
        List.of(service("web").python("web", "python app.py").build(), service("db").image("postgres:16").build()),
        List.of(new Environment("env", Optional.empty(), Optional.of(new TargetSpec("compose", Map.of(), HERE)), List.of(), HERE)),
        Pipeline.DEFAULT, base, HERE, HERE);
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    String tag = plan.images().get("web");
    manifests.put("shop/web:" + tag.substring(tag.lastIndexOf(':') + 1), DIGEST);
    DeployContext context = new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});
    BuildStage.Options build = new BuildStage.Options(new ImageDestination.Registry(false), PipOptions.DEFAULTS, "python3", new CacheDirectory(base.resolve("cache")));

    DeployRun.Outcome outcome = new DeployRun(new DeployRun.Options(build, null, Set.of("deploy"), true, 1), event -> {})
        .run(project, plan, new RecordingTarget(), context);

    assertTrue(outcome.succeeded(), outcome.steps().summary().toString());
    Map<?, ?> images = new ObjectMapper().readValue(context.stateDir().resolve("releases/0001/release.json").toFile(), Map.class);
    assertEquals(Map.of("web", registryName + "/web@" + DIGEST, "db", "postgres:16"), ((Map<?, ?>) images).get("images"));
  }

  @Test
  void deployWithoutItsBuildStage_ofAnImageNeverPushed_failsSayingSo() throws Exception {
    Files.createDirectories(base.resolve("web"));
    Files.writeString(base.resolve("web/app.py"), "print('hi')\n");
    String registryName = "127.0.0.1:" + registry.getAddress().getPort() + "/shop";
    Project project = new Project("shop", Optional.of(registryName), List.of(service("web").python("web", "python app.py").build()),
        List.of(new Environment("env", Optional.empty(), Optional.of(new TargetSpec("compose", Map.of(), HERE)), List.of(), HERE)),
        Pipeline.DEFAULT, base, HERE, HERE);
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(project, "env");
    DeployContext context = new DeployContext(base.resolve(".slipway/state/env"), Map.of(), event -> {});
    BuildStage.Options build = new BuildStage.Options(new ImageDestination.Registry(false), PipOptions.DEFAULTS, "python3", new CacheDirectory(base.resolve("cache")));
    RecordingTarget target = new RecordingTarget();

    DeployRun.Outcome outcome = new DeployRun(new DeployRun.Options(build, null, Set.of("deploy"), true, 1), event -> {})
        .run(project, plan, target, context);

    assertFalse(outcome.succeeded());
    String detail = outcome.steps().details().get("deploy:web");
    assertTrue(detail.contains(plan.images().get("web") + " is not in the registry"), detail);
    assertEquals(List.of(), target.applied, "nothing applied");
  }
}
