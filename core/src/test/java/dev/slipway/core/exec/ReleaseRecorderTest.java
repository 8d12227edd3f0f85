package dev.slipway.core.exec;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import dev.slipway.core.plan.Environments;
import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.FakeTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRecorderTest {

  @TempDir Path base;

  @Test
  void recorded_asksForImagesOnceAndStartsOneRelease_finishSavesTheOutcome() {
    Project project = TestModel.project("shop", base, new TargetSpec("fake", Map.of(), HERE), service("web").image("nginx:1").build());
    ReleaseStore store = new FileReleaseStore(base.resolve("state"));
    AtomicInteger asked = new AtomicInteger();
    ReleaseRecorder recorder = new ReleaseRecorder(store, new FakeTarget("fake"), Environments.resolve(project, "env"), () -> {
      asked.incrementAndGet();
      return Map.of("web", "registry.test/shop/web@sha256:" + "a".repeat(64));
    }, Optional.of("1a2b3c4"));

    assertTrue(recorder.started().isEmpty(), "nothing is recorded before the first deploy step");
    ReleaseRecorder.Recorded first = recorder.recorded();
    assertSame(first, recorder.recorded());
    assertEquals(1, asked.get());
    assertEquals(Release.IN_PROGRESS, store.find(1).orElseThrow().outcome(), "saved before anything is applied");

    Release done = recorder.finish(Release.FAILED, "deploy:web: unhealthy");

    Release stored = store.find(1).orElseThrow();
    assertEquals(done, stored);
    assertEquals(Release.FAILED, stored.outcome());
    assertEquals(Optional.of("1a2b3c4"), stored.revision());
    assertEquals("registry.test/shop/web@sha256:" + "a".repeat(64), stored.images().get("web"));
  }
}
