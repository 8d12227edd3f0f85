package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway build} of a service that brings its own Dockerfile, with real podman and a real
 * registry (Debian's docker-registry): a multi-stage Dockerfile with a build arg and a target
 * stage is built, pushed and run by digest; an unchanged one is up to date; {@code --to-engine}
 * leaves it in podman. The base is the Debian-built Python image, loaded into podman under a
 * name of this test's own (Docker Hub is out of reach).
 */
class DockerfileBuildIT {

  private static final String BASE = "localhost/h4-dockerfile-base:3.11";

  private static LocalRegistry registry;

  @TempDir Path project;

  @BeforeAll
  static void startRegistryAndLoadTheBase() {
    ContainerTools.require("podman", "docker-registry", "mmdebstrap");
    registry = LocalRegistry.start();
    String loaded = ContainerTools.run(List.of("podman", "load", "-q", "-i", PythonFixtures.baseImageTar().toString()));
    String name = loaded.lines().filter(l -> l.startsWith("Loaded image")).reduce((a, b) -> b).orElseThrow().replaceFirst("^Loaded image\\(?s?\\)?: ", "").strip();
    ContainerTools.run(List.of("podman", "tag", name.split(",")[0], BASE));
  }

  /** Removes what this class made podman hold: images named after its own registry, whose port no one else has, and its base's name. */
  @AfterAll
  static void stopRegistryAndRemoveImages() {
    if (registry == null) {
      return;
    }
    registry.close();
    // By id: an image pulled by digest has no tag to name it by.
    String ours = ContainerTools.run(List.of("podman", "images", "--format", "{{.ID}}", "--filter", "reference=" + registry.address() + "/h4-*/*"));
    List<String> images = ours.lines().filter(l -> !l.isBlank()).distinct().toList();
    if (!images.isEmpty()) {
      List<String> remove = new ArrayList<>(List.of("podman", "rmi", "--force", "--ignore"));
      remove.addAll(images);
      ContainerTools.run(remove);
    }
    // Only this class's name for the base goes; the image stays for whoever loaded it too.
    ContainerTools.run(List.of("podman", "untag", BASE, BASE));
  }

  @BeforeEach
  void aFrontWithItsOwnDockerfile() throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'h4-front'",
        "registry setting('registry', 'localhost:5000/h4-front')",
        "service('proxy') {",
        "    dockerfile 'proxy/Dockerfile', context: 'proxy', target: 'prod', args: [GREETING: 'ahoy']",
        "    port 8080",
        "}",
        ""));
    Path proxy = Files.createDirectories(project.resolve("proxy/site"));
    Files.writeString(proxy.resolve("index.html"), "<h1>front</h1>\n");
    Files.writeString(project.resolve("proxy/Dockerfile"), String.join("\n",
        "ARG BASE=" + BASE,
        "FROM ${BASE} AS base",
        "ARG GREETING=hello",
        "RUN echo \"$GREETING\" > /greeting",
        "FROM base AS prod",
        "COPY site/ /srv/",
        "CMD [\"python3\", \"-m\", \"http.server\", \"8080\", \"-d\", \"/srv\"]",
        "FROM base AS debug",
        "RUN echo debug > /debug",
        ""));
  }

  @Test
  void build_pushesByDigest_runsTheTargetStageWithTheArg_andAnUnchangedOneIsUpToDate() {
    String repository = registry.address() + "/h4-front";
    Run plan = slipway("plan", "--set", "registry=" + repository);
    Run first = slipway("build", "--set", "registry=" + repository);
    Run second = slipway("build", "--set", "registry=" + repository);

    assertTrue(plan.out.lines().anyMatch(l -> l.matches("\\s+engine\\s+podman \\(found at .*podman\\)")), plan.out);
    assertTrue(plan.out.lines().anyMatch(l -> l.matches("\\s+target stage\\s+prod")), plan.out);
    assertEquals(ExitCode.OK, first.exit, first.out + first.err);
    String pinned = printed(first, "proxy");
    assertTrue(pinned.matches(repository.replace(".", "\\.") + "/proxy@sha256:[0-9a-f]{64}"), pinned);
    assertTrue(first.out.contains("[build:proxy] [2/2] STEP 2/3: COPY site/ /srv/"), "the Dockerfile's steps are shown: " + first.out);
    assertFalse(first.out.contains("Copying blob"), "the engine's chatter is for --debug: " + first.out);
    String inImage = ContainerTools.run(List.of("podman", "run", "--rm", "--quiet", "--tls-verify=false", pinned,
        "sh", "-c", "cat /greeting /srv/index.html; test -e /debug && echo debug-stage-built || echo prod-only"));
    assertEquals(List.of("ahoy", "<h1>front</h1>", "prod-only"), inImage.lines().toList());
    assertEquals(ExitCode.OK, second.exit, second.out + second.err);
    assertTrue(second.out.contains("[build:proxy] up to date: " + pinned + " is already in the registry"), second.out);
    assertEquals(pinned, printed(second, "proxy"));
  }

  @Test
  void build_toEngine_leavesTheImageInPodmanUnderItsContentTag_thenUpToDate() {
    String repository = registry.address() + "/h4-engine";
    Run first = slipway("build", "--set", "registry=" + repository, "--to-engine");
    Run second = slipway("build", "--set", "registry=" + repository, "--to-engine");

    assertEquals(ExitCode.OK, first.exit, first.out + first.err);
    String tag = printed(first, "proxy");
    assertTrue(tag.matches(repository.replace(".", "\\.") + "/proxy:src-[0-9a-f]{12}"), tag);
    assertEquals("ahoy", ContainerTools.run(List.of("podman", "run", "--rm", tag, "cat", "/greeting")).strip());
    assertFalse(registry.catalog().contains("h4-engine"), "nothing pushed: " + registry.catalog());
    assertEquals(ExitCode.OK, second.exit, second.out + second.err);
    assertTrue(second.out.contains("[build:proxy] up to date: " + tag + " is already in the engine"), second.out);
  }

  @Test
  void build_toTar_writesADockerArchivePodmanLoads() throws IOException {
    Path tars = project.resolve("images");

    Run build = slipway("build", "--set", "registry=" + registry.address() + "/h4-tar", "--to-tar", tars.toString());

    assertEquals(ExitCode.OK, build.exit, build.out + build.err);
    String tag = printed(build, "proxy");
    Path tar = tars.resolve("proxy-" + tag.substring(tag.lastIndexOf(':') + 1) + ".tar");
    assertTrue(Files.isRegularFile(tar), tar + " in " + tars);
    assertTrue(ContainerTools.run(List.of("podman", "load", "-i", tar.toString())).contains(tag), "the archive names the image");
  }

  @Test
  void build_failingRunStep_oneLineNamingTheServiceTheDockerfileAndTheError_nothingPushed() throws IOException {
    Path dockerfile = project.resolve("proxy/Dockerfile");
    Files.writeString(dockerfile, Files.readString(dockerfile).replace("COPY site/ /srv/", "RUN echo 'no compiler here' && exit 3"));

    Run build = slipway("build", "--set", "registry=" + registry.address() + "/h4-failing");

    assertEquals(ExitCode.FAILED, build.exit, build.out + build.err);
    List<String> lines = build.err.lines().toList();
    assertEquals(1, lines.size(), build.err);
    assertTrue(lines.get(0).matches(".*deploy\\.groovy:4(:\\d+)?: service 'proxy': podman build of proxy/Dockerfile failed \\(exit 3\\):"
        + " no compiler here / Error: building at STEP \"RUN echo 'no compiler here' && exit 3\": while running runtime: exit status 3"), lines.get(0));
    assertFalse(registry.catalog().contains("h4-failing"), registry.catalog());
  }

  /** The reference {@code slipway build} printed for {@code service}. */
  private static String printed(Run run, String service) {
    return run.out.lines().filter(l -> l.startsWith(service + ": ")).findFirst().orElseThrow(() -> new AssertionError(run.out)).substring(service.length() + 2);
  }

  private Run slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", project.resolve("deploy.groovy").toString()));
    args.addAll(Arrays.asList(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), System.getenv()))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
