package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.process.ExternalCommand;
import dev.slipway.core.process.ProcessRunner;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway's own container image as a CI job uses it: {@code target/slipway-image-VERSION.tar}
 * from {@code mvn package} (built when {@code SLIPWAY_IMAGE_BASE} names its base), loaded with
 * {@code podman load} and run with the project mounted at {@code /work}, its working directory.
 */
class SlipwayImageIT {

  private static final String VERSION = System.getProperty("slipway.projectVersion");

  /** The loaded image by its ID: other checkouts on this machine may load a different image under the same tag. */
  private static String image;

  @TempDir Path work;

  @BeforeAll
  static void load() {
    String tar = System.getProperty("slipway.image", "");
    if (tar.isBlank()) {
      ContainerTools.missingTool("needs Slipway's image: mvn package builds it when SLIPWAY_IMAGE_BASE is set, e.g. to $(scripts/slipway-image-base)");
    }
    ContainerTools.require("podman");
    assertTrue(Files.isRegularFile(Path.of(tar)), tar + " is missing though SLIPWAY_IMAGE_BASE is set: mvn package makes it");
    ContainerTools.run(List.of("podman", "load", "--quiet", "--input", tar));
    // An image's ID is the digest of its config, which jib writes as config.json in the archive.
    image = ContainerTools.run(List.of("sh", "-c", "tar -xOf \"$1\" config.json | sha256sum | cut -d' ' -f1", "sh", tar)).strip();
  }

  @Test
  void version() throws IOException {
    ProcessRunner.Finished version = slipway(List.of(), "--version");

    assertEquals(0, version.exitCode(), version.output());
    assertEquals("slipway " + VERSION + "\n", version.output());
  }

  @Test
  void planAndRender_helloFlask_theProjectMountedAtWork() throws IOException {
    Path project = ExampleCopy.of("hello-flask", work);

    ProcessRunner.Finished plan = slipway(List.of("-v", project + ":/work"), "plan", "-f", "deploy.groovy", "--output", "json");
    ProcessRunner.Finished render = slipway(List.of("-v", project + ":/work"), "render", "-f", "deploy.groovy", "-o", "rendered");

    assertEquals(0, plan.exitCode(), plan.output());
    assertTrue(plan.output().contains("\"id\" : \"deploy:web\"") && plan.output().contains("gunicorn --bind 0.0.0.0:8000 app:app"), plan.output());
    assertEquals(0, render.exitCode(), render.output());
    String compose = Files.readString(project.resolve("rendered/compose.yaml"));
    assertTrue(compose.contains("name: hello-flask-dev") && compose.contains("published: '8000'"), compose);
  }

  /** The image's own python3 and pip resolve the dependencies (from a wheelhouse: no index in a test). */
  @Test
  void build_helloFlask_resolvedWithTheImagesPip_intoATar() throws IOException {
    Path project = ExampleCopy.of("hello-flask", work);
    List<String> mounts = List.of(
        "-v", project + ":/work",
        "-v", PythonFixtures.wheelhouse() + ":/wheels:ro",
        "-v", PythonFixtures.baseImageTar() + ":/base.tar:ro");

    ProcessRunner.Finished build = slipway(mounts,
        "build", "--env", "dev", "--set", "baseImage=tar:///base.tar", "--to-tar", "images", "--no-index", "--find-links", "/wheels");

    assertEquals(0, build.exitCode(), build.output());
    assertTrue(build.output().contains("[build:web] resolved: "), build.output());
    try (Stream<Path> images = Files.list(project.resolve("images"))) {
      assertEquals(1, images.filter(tar -> tar.getFileName().toString().startsWith("web-src-")).count(), build.output());
    }
  }

  private ProcessRunner.Finished slipway(List<String> podmanOptions, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("podman", "run", "--rm"));
    command.addAll(podmanOptions);
    command.add(image);
    command.addAll(List.of(arguments));
    return ProcessRunner.standard().run(ExternalCommand.of(command, work).withTimeout(Duration.ofMinutes(5)));
  }
}
