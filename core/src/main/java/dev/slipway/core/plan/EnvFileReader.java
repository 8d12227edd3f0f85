package dev.slipway.core.plan;

import dev.slipway.core.model.EnvFile;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code envFile} as Compose reads an {@code env_file}: {@code KEY=VALUE} lines, {@code
 * #} comments and blank lines skipped, an optional {@code export}, single quotes taken literally,
 * double quotes with backslash escapes, and an unquoted value ending at {@code " #"}. A line with a
 * bare {@code KEY} takes nothing (Compose would copy the deployer's own variable, which would make
 * the same script render differently per machine).
 */
final class EnvFileReader {

  private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\\s*(=(.*))?$");

  /** Each variable's value and the line that set it. */
  record Values(Map<String, String> values, Map<String, SourceLocation> lines) {}

  private EnvFileReader() {}

  /** Reads {@code files} in order, a later file's value winning. */
  static Values read(Path baseDir, List<EnvFile> files) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, SourceLocation> lines = new LinkedHashMap<>();
    for (EnvFile file : files) {
      Path path = baseDir.resolve(file.path());
      List<String> text;
      try {
        text = Files.readAllLines(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidInputException(
            file.location(), "envFile '" + file.path() + "' cannot be read (" + (Files.exists(path) ? e.getMessage() : "no such file") + ")");
      }
      for (int i = 0; i < text.size(); i++) {
        String line = text.get(i);
        SourceLocation where = new SourceLocation(file.path(), i + 1, 1);
        if (line.isBlank() || line.strip().startsWith("#")) {
          continue;
        }
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
          throw new InvalidInputException(where, "envFile line is not KEY=VALUE: " + line.strip());
        }
        if (matcher.group(2) == null) {
          continue;
        }
        values.put(matcher.group(1), value(matcher.group(3).strip(), where));
        lines.put(matcher.group(1), where);
      }
    }
    return new Values(values, lines);
  }

  private static String value(String raw, SourceLocation where) {
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      if (end < 0) {
        throw new InvalidInputException(where, "envFile value leaves a quote open: " + raw);
      }
      return raw.substring(1, end);
    }
    if (raw.startsWith("\"")) {
      StringBuilder value = new StringBuilder();
      for (int i = 1; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\' && i + 1 < raw.length()) {
          char next = raw.charAt(++i);
          value.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
        } else {
          value.append(c);
        }
      }
      throw new InvalidInputException(where, "envFile value leaves a quote open: " + raw);
    }
    int comment = raw.indexOf(" #");
    return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
  }
}
