package dev.slipway.cli.init;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Words as one command line that a shell, or {@link dev.slipway.core.model.ShellWords#split},
 * splits back into the same words: for exec-form commands written where Slipway takes one string.
 */
final class ShellQuoting {

  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellQuoting() {}

  /** One line a shell splits back into exactly {@code words}. */
  static String join(List<String> words) {
    return words.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
  }

  /** The word bare when it can be, in double quotes when it holds single ones (Python one-liners do), else in single quotes. */
  static String quote(String word) {
    if (!word.isEmpty() && PLAIN_WORD.matcher(word).matches()) {
      return word;
    }
    if (word.contains("'") && word.chars().noneMatch(c -> "\"\\$`!".indexOf(c) >= 0)) {
      return "\"" + word + "\"";
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
