package dev.slipway.core.build;

import static dev.slipway.core.TestFiles.write;
import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.event.Event;
import dev.slipway.core.model.DockerfileBuild;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.plan.DockerfileInputs;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.secret.SecretValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine is asked to do for a Dockerfile service, and what a user sees of it: command
 * lines for each engine, and a run against a stand-in engine (a shell script that answers as
 * podman does) for the events and the one-line failure.
 */
class DockerfileImageBuildTest {

  private static final SourceLocation DOCKERFILE_LINE = new SourceLocation("deploy.groovy", 4, 5);
  private static final String IMAGE = "localhost:5000/shop/proxy:src-0123456789ab";

  @TempDir Path base;
  @TempDir Path bin;

  private final List<Event> events = new ArrayList<>();

  @BeforeEach
  void aProxy() {
    write(base, "proxy/Dockerfile", "FROM nginx:1.27 AS prod\nCOPY site/ /usr/share/nginx/html/\n");
    write(base, "proxy/site/index.html", "<h1>shop</h1>\n");
  }

  private Project project() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("NGINX_BASE", "nginx:1.27");
    args.put("GREETING", "two words");
    DockerfileBuild build = new DockerfileBuild("proxy/Dockerfile", "proxy", args, Optional.of("prod"), DOCKERFILE_LINE);
    Service proxy = service("proxy").dockerfile(build).port(80).build();
    return TestModel.project("shop", base, new TargetSpec("compose", Map.of(), HERE), proxy);
  }

  private DockerfileImageBuild.Build aBuild() {
    Project project = project();
    DockerfileInputs inputs = DockerfileInputs.of(project, project.services().get(0).dockerfile().orElseThrow());
    return new DockerfileImageBuild.Build("build:proxy", project.services().get(0), inputs, IMAGE, "shop/proxy", Optional.empty());
  }

  private static ContainerEngine engine(String path) {
    return new ContainerEngine(Path.of(path));
  }

  @Test
  void buildCommand_argsTargetLabelsAndTag_inTheOrderTheEngineReadsThem() {
    DockerfileImageBuild.Build build = aBuild();
    Path dockerfile = base.resolve("proxy/Dockerfile").toAbsolutePath();
    Path context = base.resolve("proxy").toAbsolutePath();

    List<String> command = DockerfileImageBuild.buildCommand(engine("/usr/bin/podman"), build, false, Path.of("/tmp/iid"));

    assertEquals(List.of("/usr/bin/podman", "build", "-f", dockerfile.toString(),
        "--build-arg", "NGINX_BASE=nginx:1.27", "--build-arg", "GREETING=two words", "--target", "prod",
        "--label", "org.opencontainers.image.title=shop/proxy", "--label", "dev.slipway.content-hash=" + build.inputs().contentHash(),
        "--iidfile", "/tmp/iid", "-t", IMAGE, context.toString()), command);
  }

  @Test
  void buildCommand_refresh_buildsWithoutTheLayerCache() {
    assertTrue(DockerfileImageBuild.buildCommand(engine("/usr/bin/docker"), aBuild(), true, Path.of("/tmp/iid")).contains("--no-cache"));
    assertFalse(DockerfileImageBuild.buildCommand(engine("/usr/bin/docker"), aBuild(), false, Path.of("/tmp/iid")).contains("--no-cache"));
  }

  @Test
  void pushCommand_podmanToAPlainHttpRegistry_skipsTlsAndWritesTheDigest() {
    assertEquals(List.of("/usr/bin/podman", "push", "--digestfile", "/tmp/d", "--tls-verify=false", IMAGE),
        DockerfileImageBuild.pushCommand(engine("/usr/bin/podman"), IMAGE, true, Path.of("/tmp/d")));
    assertEquals(List.of("/usr/bin/buildah", "push", "--digestfile", "/tmp/d", "registry.example.com/shop/proxy:src-1"),
        DockerfileImageBuild.pushCommand(engine("/usr/bin/buildah"), "registry.example.com/shop/proxy:src-1", false, Path.of("/tmp/d")));
  }

  @Test
  void pushCommand_docker_leavesPlainHttpToItsDaemon() {
    assertEquals(List.of("/usr/bin/docker", "push", IMAGE), DockerfileImageBuild.pushCommand(engine("/usr/bin/docker"), IMAGE, true, Path.of("/tmp/d")));
  }

  @Test
  void saveCommand_eachEngine_writesADockerArchive() {
    Path tar = Path.of("/out/proxy-src-0123456789ab.tar");

    assertEquals(List.of("/usr/bin/podman", "save", "--format", "docker-archive", "-o", tar.toString(), IMAGE),
        DockerfileImageBuild.saveCommand(engine("/usr/bin/podman"), IMAGE, tar));
    assertEquals(List.of("/usr/bin/docker", "save", "-o", tar.toString(), IMAGE), DockerfileImageBuild.saveCommand(engine("/usr/bin/docker"), IMAGE, tar));
    assertEquals(List.of("/usr/bin/buildah", "push", IMAGE, "docker-archive:" + tar + ":" + IMAGE),
        DockerfileImageBuild.saveCommand(engine("/usr/bin/buildah"), IMAGE, tar));
  }

  @Test
  void lastErrorLines_failedRun_theCommandsOwnOutputThenTheEnginesError() {
    String podman = String.join("\n", "STEP 1/2: FROM localhost/base:1", "STEP 2/2: RUN make", "cc: fatal error: no input files",
        "time=\"2026-12-02T04:49:01Z\" level=warning msg=\"Failed, retrying\"", "Error: building at STEP \"RUN make\": while running runtime: exit status 3", "");

    assertEquals("cc: fatal error: no input files / Error: building at STEP \"RUN make\": while running runtime: exit status 3",
        DockerfileImageBuild.lastErrorLines(podman));
  }

  @Test
  void dockerPushedDigest_lastLineOfAPush() {
    String output = "The push refers to repository [localhost:5000/shop/proxy]\n5f70bf18a086: Pushed\nsrc-0123456789ab: digest: sha256:"
        + "a".repeat(64) + " size: 527\n";

    assertEquals(Optional.of("sha256:" + "a".repeat(64)), DockerfileImageBuild.dockerPushedDigest(output));
  }

  @Test
  void checkEngine_noneFound_oneLineAtTheDockerfileLine() {
    BuildStage.Options options = new BuildStage.Options(new ImageDestination.Tar(base.resolve("out")), PipOptions.DEFAULTS, "python3", new CacheDirectory(base), false, Optional.empty());

    EngineUnavailable failure = assertThrows(EngineUnavailable.class, () -> new DockerfileImageBuild(options, events::add).checkEngine(List.of(aBuild())));

    assertTrue(failure.getMessage().startsWith("deploy.groovy:4:5: service 'proxy' is built from a Dockerfile, which needs a container engine: "),
        failure.getMessage());
    assertFalse(failure.getMessage().contains("\n"));
  }

  @Test
  void builds_pushingWithoutARegistry_saysWhatToAdd() {
    Project project = project();
    Project noRegistry = new Project(project.name(), Optional.empty(), project.services(), project.environments(), project.pipeline(),
        project.baseDir(), project.location(), project.script());
    Plan plan = new Planner(new Planner.Options(new SecretValues(Map.of(), base), false)).plan(noRegistry, "env");
    BuildStage.Options options =
        new BuildStage.Options(new ImageDestination.Registry(false), PipOptions.DEFAULTS, "python3", new CacheDirectory(base), false, Optional.of(engine("/usr/bin/podman")));

    BuildFailure failure = assertThrows(BuildFailure.class, () -> new DockerfileImageBuild(options, events::add).builds(noRegistry, plan, Set.of()));

    assertEquals("deploy.groovy:4:5: service 'proxy': no registry to push to: add registry 'host:port/shop' to deploy.groovy,"
        + " or build with --to-tar DIR or --to-engine", failure.getMessage());
  }

  /** A stand-in for podman: answers {@code image inspect} with "no such image", builds by printing steps and writing the id. */
  private Path fakePodman(String buildScript) throws Exception {
    Path podman = bin.resolve("podman");
    Files.writeString(podman, String.join("\n",
        "#!/bin/sh",
        "echo \"$@\" >> \"" + bin.resolve("calls") + "\"",
        "case \"$1\" in",
        "  image) exit 1 ;;",
        "  build)",
        "    while [ $# -gt 0 ]; do [ \"$1\" = --iidfile ] && iid=\"$2\"; shift; done",
        buildScript,
        "    ;;",
        "esac",
        ""));
    Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
    return podman;
  }

  private BuildStage.Built buildInto(Path podman) {
    BuildStage.Options options = new BuildStage.Options(new ImageDestination.Engine(podman), PipOptions.DEFAULTS, "python3", new CacheDirectory(base), false, Optional.empty());
    DockerfileImageBuild builder = new DockerfileImageBuild(options, events::add);
    builder.checkEngine(List.of(aBuild()));
    return builder.build(aBuild());
  }

  @Test
  void build_toTheEngine_stepsAreProgress_otherOutputIsDebug_andTheTagIsWhatRuns() throws Exception {
    Path podman = fakePodman(String.join("\n",
        "    echo '[1/2] STEP 1/2: FROM nginx:1.27 AS build'",
        "    echo 'compiling assets'",
        "    echo '[2/2] STEP 1/1: COPY site/ /usr/share/nginx/html/'",
        "    printf 'sha256:%064d' 7 > \"$iid\""));

    BuildStage.Built built = buildInto(podman);

    assertEquals(IMAGE, built.reference());
    assertEquals("sha256:" + "0".repeat(63) + "7", built.image().digest());
    assertFalse(built.image().upToDate());
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.StepProgress p && p.detail().equals("building with podman from proxy/Dockerfile")));
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.StepProgress p && p.fraction() == 0.5
        && p.detail().equals("[2/2] STEP 1/1: COPY site/ /usr/share/nginx/html/")), events.toString());
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.Debug d && d.detail().equals("compiling assets")), events.toString());
    assertFalse(events.stream().anyMatch(e -> e instanceof Event.StepProgress p && p.detail().equals("compiling assets")));
  }

  @Test
  void build_engineFails_oneLineNamingTheServiceTheDockerfileAndTheError() throws Exception {
    Path podman = fakePodman(String.join("\n",
        "    echo 'STEP 1/2: FROM nginx:1.27'",
        "    echo 'STEP 2/2: RUN make'",
        "    echo 'make: *** No targets specified and no makefile found.  Stop.'",
        "    echo 'Error: building at STEP \"RUN make\": while running runtime: exit status 2' >&2",
        "    exit 2"));

    BuildFailure failure = assertThrows(BuildFailure.class, () -> buildInto(podman));

    assertEquals("deploy.groovy:4:5: service 'proxy': podman build of proxy/Dockerfile failed (exit 2):"
        + " make: *** No targets specified and no makefile found.  Stop. / Error: building at STEP \"RUN make\": while running runtime: exit status 2",
        failure.getMessage());
    assertFalse(failure instanceof RegistryFailure, "a Dockerfile that fails is exit 1, not an unreachable registry");
  }

  @Test
  void build_theEngineHasTheTag_upToDate_nothingBuilt() throws Exception {
    Path podman = fakePodman("    exit 99");
    Files.writeString(podman, Files.readString(podman).replace("image) exit 1 ;;", "image) echo sha256:" + "b".repeat(64) + "; exit 0 ;;"));

    BuildStage.Built built = buildInto(podman);

    assertTrue(built.image().upToDate());
    assertEquals("sha256:" + "b".repeat(64), built.image().digest());
    assertFalse(Files.readString(bin.resolve("calls")).contains("build "), "only asked whether it has the image");
  }

  @Test
  void build_theEngineCannotRunAnyMore_engineUnavailable() {
    BuildStage.Options options =
        new BuildStage.Options(new ImageDestination.Tar(base.resolve("out")), PipOptions.DEFAULTS, "python3", new CacheDirectory(base), false, Optional.of(engine(bin.resolve("gone").toString())));

    BuildFailure failure = assertThrows(BuildFailure.class, () -> new DockerfileImageBuild(options, events::add).build(aBuild()));

    assertInstanceOf(EngineUnavailable.class, failure);
    assertTrue(failure.getMessage().startsWith("deploy.groovy:4:5: service 'proxy': gone build of proxy/Dockerfile could not run: "), failure.getMessage());
  }
}
