package dev.slipway.cli.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Command lines between their two spellings: one string as a shell reads it, and a list of words
 * as an exec form holds them. Compose, Dockerfiles and Slipway's {@code command} all use both.
 */
final class ShellWords {

  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
  private static final Pattern SHELL_SYNTAX = Pattern.compile("[|&;<>()`$*?~#{}\\[\\]!]");

  private ShellWords() {}

  /**
   * The words a POSIX shell would pass for {@code line}, or empty when the line needs a shell
   * (pipes, redirections, variables, globs) and so has no fixed words.
   */
  static Optional<List<String>> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          return Optional.empty();
        }
        word = append(word, line.substring(i + 1, end));
        i = end;
      } else if (c == '"') {
        StringBuilder quoted = new StringBuilder();
        int j = i + 1;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          char q = line.charAt(j);
          if (q == '$' || q == '`') {
            return Optional.empty();
          }
          if (q == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            j++;
            q = line.charAt(j);
          }
          quoted.append(q);
        }
        if (j >= line.length()) {
          return Optional.empty();
        }
        word = append(word, quoted.toString());
        i = j;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          return Optional.empty();
        }
        word = append(word, String.valueOf(line.charAt(++i)));
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else if (SHELL_SYNTAX.matcher(String.valueOf(c)).matches()) {
        return Optional.empty();
      } else {
        word = append(word, String.valueOf(c));
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return Optional.of(words);
  }

  private static StringBuilder append(StringBuilder word, String text) {
    return (word == null ? new StringBuilder() : word).append(text);
  }

  /** One line a shell splits back into exactly {@code words}. */
  static String join(List<String> words) {
    return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
  }

  static String quote(String word) {
    if (!word.isEmpty() && PLAIN_WORD.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
