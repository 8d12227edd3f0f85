package dev.slipway.core.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Python module read the way detection needs it: comments dropped and triple-quoted strings
 * emptied (a docstring's {@code app = Flask(...)} example is no app), line numbers kept, and
 * one-line strings left alone, since their values (a settings module, a host) are what is read.
 * Patterns then match code only, and calls are read argument by argument with brackets and
 * quotes balanced.
 */
final class PythonSource {

  private static final Pattern MAIN_GUARD =
      Pattern.compile("(?m)^if\\s+(?:__name__\\s*==\\s*(['\"])__main__\\1|(['\"])__main__\\2\\s*==\\s*__name__)\\s*:");
  private static final Pattern KEYWORD = Pattern.compile("(?s)^([A-Za-z_]\\w*)\\s*=(?!=)\\s*(.*)$");
  private static final Pattern STRING = Pattern.compile("(?s)^[rRuU]?(['\"])(.*)\\1$");
  private static final Pattern READS_ENVIRONMENT = Pattern.compile("\\b(?:environ\\s*\\.\\s*get|getenv|environ\\s*\\[|env\\s*\\.\\s*(?:int|str))\\s*\\(?\\s*['\"]([A-Z_][A-Z0-9_]*)['\"]");

  /** The module's path below the source directory, with {@code /}, e.g. {@code web/app.py}. */
  final String path;

  /** The module's text with comments and triple-quoted string bodies blanked out; same lines. */
  final String code;

  private PythonSource(String path, String code) {
    this.path = path;
    this.code = code;
  }

  static PythonSource read(Path sourceDir, Path file) {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return of(sourceDir.relativize(file).toString().replace('\\', '/'), text);
  }

  static PythonSource of(String path, String text) {
    return new PythonSource(path, codeOnly(text));
  }

  /** The 1-based line {@code offset} is on. */
  int lineAt(int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < code.length(); i++) {
      if (code.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Whether the code imports {@code module} or something from it. */
  boolean imports(String module) {
    String name = Pattern.quote(module);
    return Pattern.compile("(?m)^\\s*(?:from\\s+" + name + "(?:\\.[\\w.]+)?\\s+import\\b|import\\s+(?:[\\w.]+\\s*,\\s*)*" + name + "\\b)")
        .matcher(code).find();
  }

  /** The body of {@code if __name__ == '__main__':} at the top level, or empty. */
  Optional<Block> mainGuard() {
    Matcher guard = MAIN_GUARD.matcher(code);
    if (!guard.find()) {
      return Optional.empty();
    }
    return Optional.of(new Block(guard.end(), endOfBlock(guard.end())));
  }

  /** The body of top-level {@code def name(...)}, or empty. */
  Optional<Block> function(String name) {
    Matcher def = Pattern.compile("(?m)^(?:async\\s+)?def\\s+" + Pattern.quote(name) + "\\s*\\(").matcher(code);
    if (!def.find()) {
      return Optional.empty();
    }
    int headerEnd = closeOf(def.end() - 1);
    return Optional.of(new Block(headerEnd, endOfBlock(headerEnd)));
  }

  /** Top-level functions whose body calls {@code constructor}, e.g. {@code create_app} for {@code Flask(}. */
  List<String> functionsCalling(Pattern constructor) {
    List<String> names = new ArrayList<>();
    Matcher def = Pattern.compile("(?m)^(?:async\\s+)?def\\s+([A-Za-z_]\\w*)\\s*\\(").matcher(code);
    while (def.find()) {
      int headerEnd = closeOf(def.end() - 1);
      if (constructor.matcher(code.substring(headerEnd, endOfBlock(headerEnd))).find()) {
        names.add(def.group(1));
      }
    }
    return names;
  }

  /** A stretch of the code, by offsets. */
  record Block(int start, int end) {}

  /**
   * The end of the indented block whose header ends at {@code headerEnd}: the start of the next
   * line at the top level, or the end of the file.
   */
  private int endOfBlock(int headerEnd) {
    Matcher next = Pattern.compile("(?m)^[^\\s]").matcher(code);
    int lineEnd = code.indexOf('\n', headerEnd);
    if (lineEnd < 0) {
      return code.length();
    }
    // A block written on its header's line (`if x: run()`) has no indented body.
    return next.find(lineEnd + 1) ? next.start() : code.length();
  }

  /** A call's arguments: positional in order, then keywords by name, each as source text. */
  record Arguments(List<String> positional, Map<String, String> keywords, int line) {

    /** The argument at {@code name}, or at {@code position} when it is passed positionally. */
    Optional<String> get(String name, int position) {
      if (keywords.containsKey(name)) {
        return Optional.of(keywords.get(name));
      }
      return position >= 0 && position < positional.size() ? Optional.of(positional.get(position)) : Optional.empty();
    }
  }

  /** The offset of the bracket that closes the one at {@code open}, or the end of the code. */
  private int closeOf(int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < code.length(); i++) {
      char c = code.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
        return i;
      }
    }
    return code.length();
  }

  /** The arguments of the call whose {@code (} is at {@code open}. */
  Arguments arguments(int open) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    char quote = 0;
    int end = code.length();
    for (int i = open; i < code.length(); i++) {
      char c = code.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          parts.add(code.substring(start, i));
          end = i;
          break;
        }
      } else if (c == ',' && depth == 1) {
        parts.add(code.substring(start, i));
        start = i + 1;
      }
    }
    if (end == code.length() && start < code.length()) {
      parts.add(code.substring(start));
    }
    List<String> positional = new ArrayList<>();
    Map<String, String> keywords = new LinkedHashMap<>();
    for (String part : parts) {
      String argument = part.strip();
      if (argument.isEmpty() || argument.startsWith("*")) {
        continue;
      }
      Matcher keyword = KEYWORD.matcher(argument);
      if (keyword.matches()) {
        keywords.put(keyword.group(1), keyword.group(2).strip());
      } else {
        positional.add(argument);
      }
    }
    return new Arguments(positional, keywords, lineAt(open));
  }

  /** The value of a string literal, e.g. {@code 0.0.0.0} of {@code "0.0.0.0"}. */
  static Optional<String> stringValue(String expression) {
    Matcher string = STRING.matcher(expression.strip());
    return string.matches() ? Optional.of(string.group(2)) : Optional.empty();
  }

  /** The environment variable an expression reads, e.g. {@code PORT} of {@code int(os.environ.get("PORT", 5000))}. */
  static Optional<String> environmentVariable(String expression) {
    Matcher reads = READS_ENVIRONMENT.matcher(expression);
    return reads.find() ? Optional.of(reads.group(1)) : Optional.empty();
  }

  /**
   * What a bare name was last set to before {@code offset}, at the top level or inside the main
   * guard, e.g. {@code int(os.environ.get('PORT', 5000))} for {@code port}; an expression that
   * is not a bare name is its own value.
   */
  String valueOf(String expression, int offset) {
    String value = expression.strip();
    for (int hops = 0; hops < 3 && value.matches("[A-Za-z_]\\w*"); hops++) {
      Matcher assignment = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(value) + "\\s*(?::[^=\\n]+)?=(?!=)[ \\t]*(.+)$").matcher(code);
      String found = null;
      while (assignment.find() && assignment.start() < offset) {
        found = assignment.group(1).strip();
      }
      if (found == null) {
        return value;
      }
      value = found;
    }
    return value;
  }

  private static String codeOnly(String text) {
    StringBuilder code = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (text.startsWith("\"\"\"", i) || text.startsWith("'''", i)) {
        String quotes = text.substring(i, i + 3);
        int close = closing(text, i + 3, quotes);
        code.append(quotes);
        text.substring(i + 3, close).chars().filter(ch -> ch == '\n').forEach(ch -> code.append('\n'));
        code.append(quotes);
        i = Math.min(text.length(), close + 3);
      } else if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') {
          j += text.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(text.length(), j < text.length() && text.charAt(j) == c ? j + 1 : j);
        code.append(text, i, end);
        i = end;
      } else {
        code.append(c);
        i++;
      }
    }
    return code.toString();
  }

  private static int closing(String text, int from, String quotes) {
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == '\\') {
        i++;
      } else if (text.startsWith(quotes, i)) {
        return i;
      }
    }
    return text.length();
  }
}
