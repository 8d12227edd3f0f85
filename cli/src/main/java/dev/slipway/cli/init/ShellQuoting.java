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

  static String quote(String word) {
    if (!word.isEmpty() && PLAIN_WORD.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
