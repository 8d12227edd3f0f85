package dev.slipway.core.build;

import static dev.slipway.core.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.image.SourceSet;
import dev.slipway.core.testing.RegistryThatStops;
import dev.slipway.core.testing.TinyBaseImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds from a one-file base that need no registry or engine: a tar, and a push that goes wrong
 * half way, against a registry that stops at its first upload. Pushes that succeed are {@link
 * ImageBuilderIT}'s, against a real registry and base image.
 */
class ImageBuilderTest {

  @TempDir Path project;

  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final List<String> details = new CopyOnWriteArrayList<>();

  /** jib alone would retry each of its requests for about a minute, announcing every retry. */
  @Test
  void build_registryStopsDuringThePush_oneLineWithTheNextStep_soonAndWithoutJibsRetries() {
    try (RegistryThatStops registry = RegistryThatStops.start()) {
      RegistryFailure failure = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> assertThrows(RegistryFailure.class, () -> build(registry.address() + "/shop/web:src-1")));

      assertTrue(registry.stopped(), "the push got as far as an upload");
      assertEquals("registry " + registry.address() + " stopped answering while pushing shop/web: start it again (for a local one: docker-registry"
          + " serve, as the README shows), then run the command again; nothing was deployed", failure.getMessage());
      assertTrue(messages.stream().noneMatch(m -> m.contains("retried")), "jib's retries are not messages: " + messages);
      assertTrue(details.stream().anyMatch(d -> d.endsWith("failed and will be retried")), "they are details, for --debug: " + details);
    }
  }

  @Test
  void build_toTar_writesTheArchive() {
    Path images = project.resolve("images");

    ImageBuilder.Result result = build("localhost:5000/shop/web:src-1", new ImageDestination.Tar(images));

    assertTrue(result.digest().startsWith("sha256:"), result.digest());
    assertTrue(Files.isRegularFile(images.resolve("web-src-1.tar")));
  }

  /** A person reads the build step's own lines; jib's account of its work is for --debug. */
  @Test
  void build_jibsLifecycleLines_areDetailsNotMessages() {
    build("localhost:5000/shop/web:src-1", new ImageDestination.Tar(project.resolve("images")));

    assertTrue(details.stream().anyMatch(d -> d.startsWith("Container entrypoint set to")), "jib's narration, for --debug: " + details);
    assertEquals(List.of(), messages);
  }

  private ImageBuilder.Result build(String image) {
    return build(image, new ImageDestination.Registry(false));
  }

  private ImageBuilder.Result build(String image, ImageDestination destination) {
    Path base = TinyBaseImage.writeTo(project);
    write(project, "app/main.py", "print('web')\n");
    write(project, "site-packages/dependency.py", "VERSION = 1\n");
    ImageBuilder.Request request = new ImageBuilder.Request(image, List.of(), "tar:" + base, project, project.resolve("site-packages"),
        SourceSet.of(project.resolve("app")), List.of("python", "main.py"), List.of(8000), Map.of(), ImageBuilder.DEFAULT_USER, Map.of(),
        Instant.EPOCH, destination, project.resolve("cache"), false);
    return new ImageBuilder().build(request, fraction -> {}, messages::add, details::add);
  }
}
