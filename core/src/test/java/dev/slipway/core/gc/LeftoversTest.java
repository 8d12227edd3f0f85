package dev.slipway.core.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.release.HistoryLimit;
import dev.slipway.core.release.Release;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeftoversTest {

  private static Release release(int number, String outcome, Map<String, String> images) {
    return new Release(number, Instant.EPOCH, Optional.empty(), images, outcome, "", Optional.empty());
  }

  @Test
  void of_releasesBeyondTheLimit_leaveTheImagesOnlyTheyRecorded() {
    List<Release> all = List.of(
        release(1, Release.SUCCEEDED, Map.of("web", "shop/web:1", "db", "postgres:16")),
        release(2, Release.SUCCEEDED, Map.of("web", "shop/web:2", "db", "postgres:16")),
        release(3, Release.SUCCEEDED, Map.of("web", "shop/web:3", "db", "postgres:16")),
        release(4, Release.SUCCEEDED, Map.of("web", "shop/web:4", "db", "postgres:16")));

    Leftovers leftovers = Leftovers.of(all, Optional.of(all.get(3)), new HistoryLimit(2));

    assertEquals(List.of(1, 2), leftovers.beyond().stream().map(Release::number).toList());
    assertEquals(Map.of("shop/web:1", "web", "shop/web:2", "web"), leftovers.images());
    assertEquals(Set.of("shop/web:3", "shop/web:4", "postgres:16"), leftovers.needed());
  }

  /** A rollback to an old release records its images again: they are needed by the new release, so they stay. */
  @Test
  void of_oldImageRecordedAgainByARollback_staysAsLongAsTheRollbackIsKept() {
    List<Release> all = List.of(
        release(1, Release.SUCCEEDED, Map.of("web", "shop/web:1")),
        release(2, Release.SUCCEEDED, Map.of("web", "shop/web:2")),
        release(3, Release.SUCCEEDED, Map.of("web", "shop/web:3")),
        release(4, Release.SUCCEEDED, Map.of("web", "shop/web:1")));

    Leftovers leftovers = Leftovers.of(all, Optional.of(all.get(3)), new HistoryLimit(1));

    assertEquals(List.of(1, 2, 3), leftovers.beyond().stream().map(Release::number).toList());
    assertEquals(Map.of("shop/web:2", "web", "shop/web:3", "web"), leftovers.images());
  }

  /** Failed deploys after the current release count against the limit, but the current release and its images stay. */
  @Test
  void of_failedDeploysAfterTheCurrentRelease_neverLeaveWhatRuns() {
    List<Release> all = List.of(
        release(1, Release.SUCCEEDED, Map.of("web", "shop/web:1")),
        release(2, Release.SUCCEEDED, Map.of("web", "shop/web:2")),
        release(3, Release.FAILED, Map.of("web", "shop/web:3")),
        release(4, Release.FAILED, Map.of("web", "shop/web:4")));

    Leftovers leftovers = Leftovers.of(all, Optional.of(all.get(1)), new HistoryLimit(1));

    assertEquals(List.of(1, 3), leftovers.beyond().stream().map(Release::number).toList());
    assertEquals(Map.of("shop/web:1", "web", "shop/web:3", "web"), leftovers.images());
  }

  @Test
  void repository_dropsTagAndDigest_butNotARegistryPort() {
    assertEquals("localhost:5000/shop/web", LeftoverCollector.repository("localhost:5000/shop/web:src-1@sha256:ab"));
    assertEquals("localhost:5000/shop/web", LeftoverCollector.repository("localhost:5000/shop/web"));
    assertEquals("shop/web", LeftoverCollector.repository("shop/web:git-abc"));
  }
}
