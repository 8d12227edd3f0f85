package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.image.SourceSet;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds real images with jib into a real registry, from a Debian-built Python base image. */
class ImageBuilderIT {

  private static LocalRegistry registry;
  private static String base;

  @TempDir Path project;

  @BeforeAll
  static void startRegistry() {
    registry = LocalRegistry.start();
    base = PythonFixtures.baseImageIn(registry);
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void build_twoCleanBuilds_giveTheSameDigest() throws IOException {
    writeApp("print('hello')\n");

    ImageBuilder.Result first = build("repro:one", project.resolve("cache-1"), project.resolve("deps-1"));
    ImageBuilder.Result second = build("repro:two", project.resolve("cache-2"), project.resolve("deps-2"));

    assertFalse(first.upToDate());
    assertFalse(second.upToDate());
    assertEquals(first.digest(), second.digest());
  }

  @Test
  void build_codeChange_changesOnlyTheApplicationLayer() throws IOException {
    writeApp("print('v1')\n");
    ImageBuilder.Result v1 = build("layers:v1", project.resolve("cache"), project.resolve("deps"));
    writeApp("print('v2')\n");
    ImageBuilder.Result v2 = build("layers:v2", project.resolve("cache"), project.resolve("deps"));

    List<String> before = layers("layers", v1.digest());
    List<String> after = layers("layers", v2.digest());
    assertEquals(before.size(), after.size());
    int last = before.size() - 1;
    assertEquals(before.subList(0, last), after.subList(0, last), "base and dependency layers must be reused");
    assertNotEquals(before.get(last), after.get(last), "the application layer is the last one and must change");
  }

  @Test
  void build_sameTagAlreadyInRegistry_isUpToDateAndPushesNothing() throws IOException {
    writeApp("print('same')\n");
    ImageBuilder.Result first = build("same:tag", project.resolve("cache"), project.resolve("deps"));
    int logLength = registry.log().length();

    ImageBuilder.Result again = build("same:tag", project.resolve("cache"), project.resolve("deps"));

    assertTrue(again.upToDate());
    assertEquals(first.digest(), again.digest());
    assertFalse(registry.log().substring(logLength).contains("PUT"), "nothing may be uploaded for an up-to-date image");
  }

  @Test
  void build_registryUnreachable_saysSoInOneLine() throws IOException {
    writeApp("print('x')\n");
    String image = "127.0.0.1:" + LocalRegistry.closedPort() + "/nowhere:1";

    BuildFailure failure = assertThrows(BuildFailure.class, () -> build(image, project.resolve("cache"), project.resolve("deps"), base));

    assertTrue(failure.getMessage().contains("unreachable"), failure.getMessage());
    assertEquals(1, failure.getMessage().lines().count());
  }

  @Test
  void build_baseImageMissing_namesIt() throws IOException {
    writeApp("print('x')\n");
    String missingBase = registry.address() + "/slipway/python:0.0";

    BuildFailure failure =
        assertThrows(BuildFailure.class, () -> build(registry.address() + "/orphan:1", project.resolve("cache"), project.resolve("deps"), missingBase));

    assertTrue(failure.getMessage().startsWith("base image " + missingBase + " not found"), failure.getMessage());
    assertEquals(null, registry.get("/v2/orphan/manifests/1"), "nothing may be pushed");
  }

  @Test
  void build_toTar_writesALoadableArchive_andPushesNothing() throws IOException {
    writeApp("print('tar')\n");
    Path out = Files.createDirectories(project.resolve("images"));

    ImageBuilder.Result result = build(registry.address() + "/tarred:1", project.resolve("cache"), project.resolve("deps"), base, new ImageDestination.Tar(out));

    Path tar = out.resolve("tarred-1.tar");
    assertTrue(Files.size(tar) > 0, "the archive is written");
    assertTrue(result.digest().startsWith("sha256:"));
    String listing = dev.slipway.core.testing.ContainerTools.run(List.of("tar", "-tf", tar.toString()));
    assertTrue(listing.lines().anyMatch("manifest.json"::equals), "docker-archive format, as docker/podman load read it:\n" + listing);
    assertEquals(null, registry.get("/v2/tarred/manifests/1"), "a tar build pushes nothing");
  }

  private ImageBuilder.Result build(String name, Path cache, Path deps) {
    return build(registry.address() + "/" + name, cache, deps, base);
  }

  private ImageBuilder.Result build(String image, Path cache, Path deps, String baseImage) {
    return build(image, cache, deps, baseImage, new ImageDestination.Registry(false));
  }

  private ImageBuilder.Result build(String image, Path cache, Path deps, String baseImage, ImageDestination destination) {
    DependencyResolver.Resolved resolved =
        new DependencyResolver(deps, "python3")
            .resolve(project, Optional.of(new DependencyFile("app/requirements.txt", DependencyFile.Kind.REQUIREMENTS_TXT, false)),
                "3.11", DependencyResolver.DEFAULT_PLATFORMS,
                new PipOptions(Optional.empty(), List.of(PythonFixtures.wheelhouse().toString()), true));
    ImageBuilder.Request request =
        new ImageBuilder.Request(
            image, List.of(), baseImage, project, resolved.sitePackages(), SourceSet.of(project.resolve("app")),
            List.of("python", "main.py"), List.of(8000), Map.of("PYTHONPATH", ImageBuilder.SITE_PACKAGES), ImageBuilder.DEFAULT_USER,
            Map.of("org.opencontainers.image.title", "test"), Instant.EPOCH, destination, cache, false);
    return new ImageBuilder().build(request, fraction -> {}, message -> {}, detail -> {});
  }

  private void writeApp(String main) throws IOException {
    Files.createDirectories(project.resolve("app"));
    Files.writeString(project.resolve("app/main.py"), main);
    Files.writeString(project.resolve("app/requirements.txt"), "itsdangerous\n");
  }

  private static List<String> layers(String repository, String digest) throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(registry.get("/v2/" + repository + "/manifests/" + digest));
    List<String> digests = new ArrayList<>();
    manifest.get("layers").forEach(l -> digests.add(l.get("digest").asText()));
    return digests;
  }
}
