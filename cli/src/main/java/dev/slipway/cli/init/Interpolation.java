package dev.slipway.cli.init;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable substitution ({@code ${VAR}}, {@code ${VAR:-default}}, {@code $VAR}, {@code
 * $$}) taken apart. Compose fills variables from the shell and from the project's {@code .env}
 * file; a script gets the value Compose would have used without a shell variable, as a {@code
 * setting} so it can still be replaced.
 *
 * @param value the value, when every variable has a default
 * @param unset variables with no default: Compose would have read them from the shell, and the
 *     script cannot know them
 */
record Interpolation(Optional<ConfigValue> value, List<String> unset) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  Interpolation {
    unset = List.copyOf(unset);
  }

  /**
   * @param dotEnv the project's {@code .env}, which Compose reads for substitution
   */
  static Interpolation of(String text, Map<String, String> dotEnv) {
    List<ConfigValue.Part> parts = new ArrayList<>();
    List<String> unset = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        literal.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        literal.append('$');
        i += 2;
        continue;
      }
      String name;
      Optional<String> fallback = Optional.empty();
      int end;
      if (next == '{') {
        int close = closingBrace(text, i + 2);
        if (close < 0) {
          literal.append(c);
          i++;
          continue;
        }
        String body = text.substring(i + 2, close);
        Matcher m = NAME.matcher(body);
        if (!m.lookingAt()) {
          literal.append(text, i, close + 1);
          i = close + 1;
          continue;
        }
        name = m.group();
        String rest = body.substring(name.length());
        if (rest.startsWith(":-") || rest.startsWith("-")) {
          String given = rest.substring(rest.startsWith(":-") ? 2 : 1);
          // A default that itself refers to a variable keeps only its own default, if it has one.
          Interpolation nested = of(given, dotEnv);
          fallback = nested.value().map(ConfigValue::defaultText);
          unset.addAll(nested.unset());
          if (fallback.isEmpty()) {
            fallback = Optional.of("");
          }
        }
        end = close + 1;
      } else {
        Matcher m = NAME.matcher(text).region(i + 1, text.length());
        if (!m.lookingAt()) {
          literal.append(c);
          i++;
          continue;
        }
        name = m.group();
        end = m.end();
      }
      // Compose prefers .env to the default written in the file.
      Optional<String> resolved = dotEnv.containsKey(name) ? Optional.of(dotEnv.get(name)) : fallback;
      if (resolved.isPresent()) {
        if (!literal.isEmpty()) {
          parts.add(new ConfigValue.Text(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new ConfigValue.Setting(name, resolved.get()));
      } else if (!unset.contains(name)) {
        unset.add(name);
      }
      i = end;
    }
    if (!literal.isEmpty() || parts.isEmpty()) {
      parts.add(new ConfigValue.Text(literal.toString()));
    }
    return new Interpolation(unset.isEmpty() ? Optional.of(new ConfigValue(parts)) : Optional.empty(), unset);
  }

  /** {@code text} as Compose reads it when the shell sets none of its variables: defaults (or .env), else empty. */
  static String substitute(String text, Map<String, String> dotEnv) {
    Interpolation first = of(text, dotEnv);
    if (first.value().isPresent()) {
      return first.value().get().defaultText();
    }
    Map<String, String> blanks = new java.util.LinkedHashMap<>(dotEnv);
    first.unset().forEach(name -> blanks.put(name, ""));
    return of(text, blanks).value().map(ConfigValue::defaultText).orElse(text);
  }

  /** The variable when {@code text} is exactly one reference to it, e.g. {@code ${DB_PASSWORD}}. */
  static Optional<String> soleVariable(String text) {
    Matcher braced = Pattern.compile("\\$\\{(" + NAME.pattern() + ")}").matcher(text);
    if (braced.matches()) {
      return Optional.of(braced.group(1));
    }
    Matcher bare = Pattern.compile("\\$(" + NAME.pattern() + ")").matcher(text);
    return bare.matches() ? Optional.of(bare.group(1)) : Optional.empty();
  }

  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == '{') {
        depth++;
      } else if (text.charAt(i) == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
