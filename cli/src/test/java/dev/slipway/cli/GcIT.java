package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.testing.ContainerTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway gc} on real podman: a small service deployed again and again with new code
 * ({@code --to-engine}, so each release's image exists only in the engine), then the history
 * limit lowered. What {@code podman images} lists is the proof.
 */
class GcIT {

  private static final int PORT = 19201;

  private static ComposeEngine engine;

  @TempDir Path work;
  private Path script;

  @BeforeAll
  static void startEngine() throws IOException, InterruptedException {
    engine = ComposeEngine.start();
  }

  @AfterAll
  static void stopEngine() throws InterruptedException {
    if (engine != null) {
      engine.close();
    }
  }

  @AfterEach
  void destroy() {
    if (script != null) {
      slipway("destroy");
      // What the test left in the engine goes too (the images gc kept); the containers are gone, so --force only untags.
      for (String id : imageIds()) {
        ContainerTools.run(List.of("podman", "rmi", "--ignore", "--force", id));
      }
    }
  }

  @Test
  void gc_removesExactlyTheImagesOfReleasesBeyondTheLimit_andARollbackToAKeptReleaseStillWorks() throws Exception {
    script = project(4);
    List<String> imageOf = new ArrayList<>(List.of(""));
    for (int version = 1; version <= 4; version++) {
      writeVersion(version);
      ConsoleRun deploy = slipway("deploy");
      assertEquals(ExitCode.OK, deploy.exit, deploy.out + deploy.err);
      assertTrue(deploy.out.contains("gc: nothing beyond the history limit"), "deploy runs gc, one line:\n" + deploy.out);
      imageOf.add(recordedImage(version));
    }
    assertEquals(4, images().size(), "four releases, four images: " + images());

    setHistory(2);
    ConsoleRun dryRun = slipway("gc", "--dry-run");

    assertEquals(ExitCode.OK, dryRun.exit, dryRun.out + dryRun.err);
    assertTrue(dryRun.out.contains("would remove " + imageOf.get(1) + " (web, ") && dryRun.out.contains("would remove " + imageOf.get(2) + " (web, "),
        dryRun.out);
    assertTrue(dryRun.out.contains("would delete release records [1, 2]"), dryRun.out);
    assertEquals(4, images().size(), "a dry run removes nothing: " + images());

    ConsoleRun gc = slipway("gc");

    assertEquals(ExitCode.OK, gc.exit, gc.out + gc.err);
    assertTrue(gc.out.contains("removed " + imageOf.get(1)) && gc.out.contains("removed " + imageOf.get(2)), gc.out);
    Matcher summary = Pattern.compile("gc: removed 2 images \\((\\d+(\\.\\d)? [kMG]B) freed\\) and 2 release records beyond the history limit").matcher(gc.out);
    assertTrue(summary.find(), gc.out);
    assertEquals(List.of(tagOf(imageOf.get(3)), tagOf(imageOf.get(4))).stream().sorted().toList(), images().stream().map(GcIT::tagOf).sorted().toList(),
        "only the kept releases' images are left (podman images)");
    assertTrue(slipway("history").out.lines().noneMatch(line -> line.matches("\\s+[12]\\s.*")), "records 1 and 2 are gone");

    ConsoleRun rollback = slipway("rollback", "--to", "3");

    assertEquals(ExitCode.OK, rollback.exit, rollback.out + rollback.err);
    assertEquals("version 3", get());

    // Release 5 runs release 3's image again: deploying 6 leaves release 4's image behind, never 3's.
    writeVersion(6);
    ConsoleRun deploy = slipway("deploy");

    assertEquals(ExitCode.OK, deploy.exit, deploy.out + deploy.err);
    assertTrue(deploy.out.lines().anyMatch(line -> line.matches("gc: removed 1 image \\(.* freed\\) and 2 release records beyond the history limit")),
        deploy.out);
    assertEquals(List.of(tagOf(imageOf.get(3)), tagOf(recordedImage(6))).stream().sorted().toList(),
        images().stream().map(GcIT::tagOf).sorted().toList());
    assertEquals("version 6", get());
  }

  /** An image some container still uses is the engine's to keep: gc says so, exits 0, and keeps the release's record to try again. */
  @Test
  void gc_imageAContainerUses_isKeptAndReported_notAFailure() throws Exception {
    script = project(1);
    writeVersion(1);
    assertEquals(ExitCode.OK, slipway("deploy").exit);
    String first = recordedImage(1);
    writeVersion(2);
    ConsoleRun second = slipway("deploy");
    assertEquals(ExitCode.OK, second.exit, second.out + second.err);
    assertTrue(second.out.contains("gc: removed 1 image"), second.out);
    writeVersion(3);
    ConsoleRun third = slipway("deploy");
    assertEquals(ExitCode.OK, third.exit, third.out + third.err);
    assertEquals(List.of(tagOf(recordedImage(3))), images().stream().map(GcIT::tagOf).toList(), "with history: 1, each deploy left only its own image");
    assertTrue(!first.equals(recordedImage(3)));

    // A container of someone else's started from release 3's image, then release 4 makes 3 a leftover.
    ContainerTools.run(List.of("podman", "create", "--name", "g-holder-" + ProcessHandle.current().pid(), recordedImage(3)));
    try {
      writeVersion(4);
      ConsoleRun fourth = slipway("deploy");
      assertEquals(ExitCode.OK, fourth.exit, fourth.out + fourth.err);
      assertTrue(fourth.out.lines().anyMatch(line -> line.startsWith("gc: removed 0 images") && line.contains("kept 1")), fourth.out);

      ConsoleRun gc = slipway("gc");

      assertEquals(ExitCode.OK, gc.exit, gc.out + gc.err);
      assertTrue(gc.out.contains("kept " + recordedImage(3) + ": "), gc.out);
      assertTrue(slipway("history").out.lines().anyMatch(line -> line.matches("\\s+3\\s.*")), "its record stays, for a later gc");
    } finally {
      ContainerTools.run(List.of("podman", "rm", "-f", "g-holder-" + ProcessHandle.current().pid()));
    }
  }

  /**
   * Pushed to a registry and pulled by the engine by digest, as a deploy without {@code
   * --to-engine} runs: gc removes the pulled images from the engine and leaves the registry as it is.
   */
  @Test
  void gc_imagesPulledFromARegistry_leaveTheEngine_butTheRegistryKeepsItsTags() throws Exception {
    script = project(3, Optional.of(engine.registry().address() + "/gcreg"));
    List<String> imageOf = new ArrayList<>(List.of(""));
    for (int version = 1; version <= 3; version++) {
      writeVersion(version);
      // The engine's registries.conf trusts only :5000 over plain HTTP, not this test registry's port:
      // the image is pulled here as the engine would, and Compose finds it by its digest.
      ConsoleRun build = slipway("build");
      assertEquals(ExitCode.OK, build.exit, build.out + build.err);
      String built = build.out.lines().filter(line -> line.startsWith("web: ")).findFirst().orElseThrow().substring("web: ".length()).strip();
      ContainerTools.run(List.of("podman", "pull", "--quiet", "--tls-verify=false", built));
      ConsoleRun deploy = slipway("deploy", "--no-engine");
      assertEquals(ExitCode.OK, deploy.exit, deploy.out + deploy.err);
      imageOf.add(recordedImage(version));
    }
    assertTrue(imageOf.get(1).contains("@sha256:"), "a registry deploy runs its image by digest: " + imageOf.get(1));
    assertEquals(3, imageIds().size(), "the engine pulled each release's image: " + imageIds());

    setHistory(1);
    ConsoleRun gc = slipway("gc");

    assertEquals(ExitCode.OK, gc.exit, gc.out + gc.err);
    assertTrue(gc.out.contains("removed " + imageOf.get(1) + " (web, ") && gc.out.contains("removed " + imageOf.get(2) + " (web, "), gc.out);
    assertTrue(gc.out.contains("registry tags are not deleted: 2 of these images are in a registry"), gc.out);
    assertTrue(gc.out.contains("gc: removed 2 images ("), gc.out);
    assertEquals(1, imageIds().size(), "only the current release's image is left: " + imageIds());
    String tags = engine.registry().get("/v2/gcreg/web/tags/list");
    assertEquals(3, tags.split("src-").length - 1, "every release's tag is still in the registry: " + tags);
    for (int version = 1; version <= 3; version++) {
      ContainerTools.run(List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + imageOf.get(version)));
    }
  }

  private Path project(int history) throws IOException {
    return project(history, Optional.empty());
  }

  private Path project(int history, Optional<String> registry) throws IOException {
    Path project = work.resolve("gcdemo");
    Files.createDirectories(project.resolve("app"));
    Files.writeString(project.resolve("deploy.groovy"), String.join("\n",
        "project 'gcdemo'",
        registry.map(r -> "registry '" + r + "'").orElse(""),
        "service('web') {",
        "    python { source 'app'; version '3.11'; baseImage setting('baseImage', 'python:3.11-slim'); command 'python app.py' }",
        "    port " + PORT,
        "    health http('/'), deadline: 30",
        "}",
        "environments {",
        "    dev { target compose(history: " + history + ") }",
        "}",
        ""));
    return project.resolve("deploy.groovy");
  }

  private void setHistory(int history) throws IOException {
    Files.writeString(script, Files.readString(script).replaceAll("history: \\d+", "history: " + history));
  }

  private void writeVersion(int version) throws IOException {
    Files.writeString(script.resolveSibling("app/app.py"), String.join("\n",
        "from http.server import BaseHTTPRequestHandler, HTTPServer",
        "class Version(BaseHTTPRequestHandler):",
        "    def do_GET(self):",
        "        self.send_response(200)",
        "        self.end_headers()",
        "        self.wfile.write(b'version " + version + "')",
        "HTTPServer(('0.0.0.0', " + PORT + "), Version).serve_forever()",
        ""));
  }

  /** The image release {@code number} recorded for web. */
  private String recordedImage(int number) throws IOException {
    Path record = script.resolveSibling(".slipway/state/dev/releases/" + String.format("%04d", number) + "/release.json");
    Matcher image = Pattern.compile("\"web\" : \"([^\"]+)\"").matcher(Files.readString(record));
    assertTrue(image.find(), record.toString());
    return image.group(1);
  }

  /** The gcdemo images in podman, as {@code repository:tag}. */
  private static List<String> images() {
    return ContainerTools.run(List.of("podman", "images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "label=org.opencontainers.image.title=gcdemo/web"))
        .lines().filter(line -> !line.isBlank()).distinct().toList();
  }

  /** The IDs of the gcdemo images in podman: images pulled by digest have no tag to tell them apart. */
  private static List<String> imageIds() {
    return ContainerTools.run(List.of("podman", "images", "--quiet", "--no-trunc", "--filter", "label=org.opencontainers.image.title=gcdemo/web"))
        .lines().filter(line -> !line.isBlank()).distinct().toList();
  }

  private static String tagOf(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }

  private static String get() throws Exception {
    HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private ConsoleRun slipway(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", script.toString(), "--set", "baseImage=" + engine.baseImage()));
    List<String> options = new ArrayList<>(Arrays.asList(extra));
    // --no-engine (the test's own word): push to the script's registry, as a deploy does by default.
    if (command.equals("deploy") && !options.remove("--no-engine")) {
      args.add("--to-engine");
    }
    args.addAll(options);
    ComposeEngine.SlipwayRun run = engine.slipway(Map.of(), args);
    return new ConsoleRun(run.exit(), run.out(), run.err());
  }

  private record ConsoleRun(int exit, String out, String err) {}
}
