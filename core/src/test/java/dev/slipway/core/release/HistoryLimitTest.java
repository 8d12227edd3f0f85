package dev.slipway.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoryLimitTest {

  private static final SourceLocation AT = new SourceLocation("deploy.groovy", 4, 20);

  static Release release(int number, String outcome, Map<String, String> images) {
    return new Release(number, Instant.EPOCH, Optional.empty(), images, outcome, "", Optional.empty());
  }

  @Test
  void kept_newestReleasesAndTheCurrentOne_whateverTheirOutcome() {
    List<Release> all = List.of(
        release(1, Release.SUCCEEDED, Map.of()), release(2, Release.SUCCEEDED, Map.of()), release(3, Release.FAILED, Map.of()),
        release(4, Release.FAILED, Map.of()), release(5, Release.INTERRUPTED, Map.of()));

    HistoryLimit limit = new HistoryLimit(2);

    assertEquals(Set.of(2, 4, 5), limit.kept(all, Optional.of(all.get(1))));
    assertEquals(List.of(1, 3), limit.beyond(all, Optional.of(all.get(1))).stream().map(Release::number).toList());
  }

  @Test
  void beyond_fewerReleasesThanTheLimit_isEmpty() {
    List<Release> all = List.of(release(1, Release.SUCCEEDED, Map.of()), release(2, Release.SUCCEEDED, Map.of()));

    assertEquals(List.of(), new HistoryLimit(10).beyond(all, Optional.of(all.get(1))));
  }

  @Test
  void of_targetWithoutTheSetting_keepsTen() {
    assertEquals(new HistoryLimit(10), HistoryLimit.of(new TargetSpec("compose", Map.of(), AT)));
    assertEquals(new HistoryLimit(3), HistoryLimit.of(new TargetSpec("compose", Map.of("history", "3"), AT)));
  }

  @Test
  void problem_notAPositiveWholeNumber_namesTheSettingAndWhereItIs() {
    for (String bad : List.of("0", "-1", "three", "2.5", "")) {
      assertEquals(
          Optional.of(AT + ": kubernetes(): setting 'history' must be how many releases to keep, a whole number from 1, e.g. history: 10; not '"
              + bad + "'"),
          HistoryLimit.problem(new TargetSpec("kubernetes", Map.of("history", bad), AT)).map(Object::toString),
          bad);
    }
    assertEquals(Optional.empty(), HistoryLimit.problem(new TargetSpec("kubernetes", Map.of("history", "25"), AT)));
  }
}
