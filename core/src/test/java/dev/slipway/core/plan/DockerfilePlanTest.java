package dev.slipway.core.plan;

import static dev.slipway.core.TestFiles.write;
import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.secret.SecretValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service built from its own Dockerfile: its plan step, and the content tag that decides whether it is built again. */
class DockerfilePlanTest {

  private static final TargetSpec COMPOSE = new TargetSpec("compose", Map.of(), HERE);
  private static final SourceLocation DOCKERFILE_LINE = SourceLocation.at("deploy.groovy", 3);

  @TempDir Path base;

  @BeforeEach
  void aProxy() {
    write(base, "proxy/Dockerfile", "ARG NGINX_BASE=nginx:1.27\nFROM ${NGINX_BASE} AS prod\nCOPY site/ /usr/share/nginx/html/\n");
    write(base, "proxy/site/index.html", "<h1>shop</h1>\n");
    write(base, "proxy/notes.txt", "not in the image\n");
  }

  private static DockerfileBuild proxyBuild(Map<String, String> args, String target) {
    return new DockerfileBuild("proxy/Dockerfile", "proxy", args, Optional.ofNullable(target), DOCKERFILE_LINE);
  }

  private Plan plan(DockerfileBuild build) {
    Service proxy = service("proxy").dockerfile(build).port(80).build();
    Service db = service("db").image("postgres:16").port(5432).build();
    Project project = TestModel.project("shop", base, COMPOSE, proxy, db);
    return new Planner(new Planner.Options(new SecretValues(Map.of(), base), false, "", "podman (found at /usr/bin/podman)")).plan(project, "env");
  }

  private Plan plan() {
    return plan(proxyBuild(Map.of("NGINX_BASE", "nginx:1.27"), "prod"));
  }

  private String tag() {
    return plan().images().get("proxy");
  }

  @Test
  void plan_dockerfileService_buildStepNamesItsInputsAndTheEngine() {
    Plan plan = plan();

    Step build = plan.step("build:proxy").orElseThrow();
    String image = plan.images().get("proxy");
    assertTrue(image.matches("localhost:5000/shop/proxy:src-[0-9a-f]{12}"), image);
    assertEquals("build image " + image, build.summary());
    assertEquals("service 'proxy' is built from proxy/Dockerfile (deploy.groovy:3)", build.reason());
    assertEquals("proxy/Dockerfile", build.inputs().get("dockerfile"));
    assertEquals("proxy/ (3 files)", build.inputs().get("context"));
    assertEquals("NGINX_BASE=nginx:1.27", build.inputs().get("build args"));
    assertEquals("prod", build.inputs().get("target stage"));
    assertEquals("podman (found at /usr/bin/podman)", build.inputs().get("engine"));
    assertInstanceOf(DockerfileInputs.class, plan.builds().get("proxy"));
    assertEquals("postgres:16", plan.images().get("db"), "a ready image is run as written");
  }

  @Test
  void plan_dockerfileService_deployWaitsForItsBuild() {
    Step deploy = plan().step("deploy:proxy").orElseThrow();

    assertEquals(List.of("build:proxy"), deploy.after());
    assertEquals(List.of("build:proxy", "deploy:proxy", "deploy:db"), plan().steps().stream().map(Step::id).toList());
  }

  @Test
  void tag_sameInputs_sameTag() {
    assertEquals(tag(), tag());
  }

  @Test
  void tag_dockerfileTextChanges_tagChanges() {
    String before = tag();
    write(base, "proxy/Dockerfile", "ARG NGINX_BASE=nginx:1.27\nFROM ${NGINX_BASE} AS prod\nCOPY site/ /srv/\n");

    assertNotEquals(before, tag());
  }

  @Test
  void tag_contextFileChanges_tagChanges() {
    String before = tag();
    write(base, "proxy/site/index.html", "<h1>shop, now with prices</h1>\n");

    assertNotEquals(before, tag());
  }

  @Test
  void tag_buildArgOrTargetChanges_tagChanges() {
    String before = tag();

    assertNotEquals(before, plan(proxyBuild(Map.of("NGINX_BASE", "nginx:1.28"), "prod")).images().get("proxy"));
    assertNotEquals(before, plan(proxyBuild(Map.of("NGINX_BASE", "nginx:1.27"), "debug")).images().get("proxy"));
    assertNotEquals(before, plan(proxyBuild(Map.of("NGINX_BASE", "nginx:1.27"), null)).images().get("proxy"));
  }

  @Test
  void tag_buildArgsSwapValues_tagChanges() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("A", "x");
    one.put("B", "y");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("A", "y");
    other.put("B", "x");

    assertNotEquals(plan(proxyBuild(one, null)).images().get("proxy"), plan(proxyBuild(other, null)).images().get("proxy"));
  }

  @Test
  void tag_fileTheDockerignoreLeavesOutChanges_tagStays() {
    write(base, "proxy/.dockerignore", "notes.txt\n");
    String before = tag();
    write(base, "proxy/notes.txt", "edited, still not in the image\n");

    assertEquals(before, tag());
    assertEquals("proxy/ (3 files, .dockerignore applied)", plan().step("build:proxy").orElseThrow().inputs().get("context"));
  }

  @Test
  void tag_slipwayStateInTheContextChanges_tagStays() throws Exception {
    DockerfileBuild wholeProject = new DockerfileBuild("proxy/Dockerfile", ".", Map.of(), Optional.empty(), DOCKERFILE_LINE);
    String before = plan(wholeProject).images().get("proxy");
    // What every deploy writes next to the script: a release record.
    Files.createDirectories(base.resolve(".slipway/state/dev/releases/0001"));
    write(base, ".slipway/state/dev/releases/0001/release.json", "{}\n");

    assertEquals(before, plan(wholeProject).images().get("proxy"));
  }
}
