package dev.slipway.core.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuggestionsTest {

  @Test
  void didYouMean_typo_suggestsTheClosest() {
    assertEquals(" (did you mean 'always'?)", Suggestions.didYouMean("alwyas", List.of("no", "always", "on-failure")));
  }

  /** Every short candidate is within two edits of '': that is no reason to suggest one. */
  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void didYouMean_emptyWord_suggestsNothing(String wrong) {
    assertEquals("", Suggestions.didYouMean(wrong, List.of("no", "db")));
  }

  @Test
  void didYouMean_neverSuggestsAnEmptyCandidate() {
    assertEquals("", Suggestions.didYouMean("a", List.of("", "always")));
  }
}
