package dev.slipway.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseStoreTest {

  @TempDir Path stateDir;

  @Test
  void save_finishedRelease_replacesTheRecordInPlace() throws IOException {
    ReleaseStore store = new ReleaseStore(stateDir);
    Rendering rendering = new Rendering(List.of(new RenderedFile("compose.yaml", "services: {}\n")));
    Release started = store.start(Optional.of("abc123"), Map.of("web", "registry/web@sha256:00"), rendering);

    store.save(started.finished(Release.SUCCEEDED, "2 services"));

    Release read = store.find(1).orElseThrow();
    assertEquals(Release.SUCCEEDED, read.outcome());
    assertEquals("2 services", read.detail());
    assertEquals(Map.of("web", "registry/web@sha256:00"), read.images());
    try (Stream<Path> files = Files.list(store.directory(1))) {
      assertEquals(List.of("release.json", "rendered"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
