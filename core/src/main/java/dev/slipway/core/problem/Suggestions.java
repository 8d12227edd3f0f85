package dev.slipway.core.problem;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean ...?" for names the user mistyped. */
public final class Suggestions {

  private Suggestions() {}

  /** The closest candidate within a small edit distance, if any is close enough to be a typo. */
  public static Optional<String> closest(String wrong, Collection<String> candidates) {
    // Every short word is a couple of edits from nothing: an empty word is no typo of anything.
    if (wrong == null || wrong.isBlank()) {
      return Optional.empty();
    }
    int tolerance = Math.max(2, wrong.length() / 3);
    return candidates.stream()
        .filter(c -> !c.isBlank())
        .filter(c -> distance(wrong.toLowerCase(), c.toLowerCase()) <= tolerance || isAffix(wrong, c))
        .min(Comparator.comparingInt((String c) -> distance(wrong.toLowerCase(), c.toLowerCase())).thenComparing(c -> c));
  }

  /** {@code " (did you mean 'db'?)"} or an empty string. */
  public static String didYouMean(String wrong, Collection<String> candidates) {
    return closest(wrong, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  /** {@code fromEnvironment} for {@code fromEnv}: a longer or shorter spelling of the same word. */
  private static boolean isAffix(String wrong, String candidate) {
    String a = wrong.toLowerCase();
    String b = candidate.toLowerCase();
    return Math.min(a.length(), b.length()) >= 4 && (a.startsWith(b) || b.startsWith(a));
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
