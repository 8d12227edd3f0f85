package dev.slipway.cli.init;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Groovy source for values taken from the user's files. Strings are always single-quoted, so a
 * {@code $} stays a dollar sign instead of starting an interpolation.
 */
final class GroovyLiterals {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private GroovyLiterals() {}

  static String string(String text) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('\'').toString();
  }

  static String list(List<String> items) {
    return items.stream().map(GroovyLiterals::string).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A map key as written before a colon: bare when Groovy allows it, else quoted. */
  static String key(String name) {
    return IDENTIFIER.matcher(name).matches() ? name : string(name);
  }

  /** Text for a {@code //} comment: one line, whatever the user's value held. */
  static String comment(String text) {
    return text.replace("\r", "").replace("\n", " ");
  }
}
