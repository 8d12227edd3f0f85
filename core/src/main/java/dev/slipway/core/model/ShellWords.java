package dev.slipway.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a command written as one string into words the way a POSIX shell would ('single',
 * "double" and backslash quoting), without running a shell: what Compose does with a string
 * {@code command}, so one written in a script means what it means in a compose file.
 */
public final class ShellWords {

  private ShellWords() {}

  /** The words of {@code text}, or empty when a quote is left open. */
  public static Optional<List<String>> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < text.length() && "\\\"$`".indexOf(text.charAt(i + 1)) >= 0) {
          word.append(text.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        inWord = true;
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '\\' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        } else {
          word.append(c);
        }
      }
    }
    if (quote != 0) {
      return Optional.empty();
    }
    if (inWord) {
      words.add(word.toString());
    }
    return Optional.of(words);
  }
}
