package dev.slipway.core.image;

import dev.slipway.core.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pip requirements file as pip reads it: {@code -r} includes inlined, constraint files named by
 * absolute path and fingerprinted, so that the text alone says everything that decides what pip
 * installs (and so can key a cache).
 */
public final class RequirementsText {

  private static final Pattern INCLUDE = Pattern.compile("^\\s*(?:-r|--requirement)(?:\\s*=\\s*|\\s+|(?=\\S))(\\S+)\\s*$");
  private static final Pattern CONSTRAINT = Pattern.compile("^\\s*(?:-c|--constraint)(?:\\s*=\\s*|\\s+|(?=\\S))(\\S+)\\s*$");
  private static final Pattern NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");
  /** An exact version: {@code ==1.2.3} or {@code ===1.2.3}, never with a wildcard. */
  private static final Pattern EXACT = Pattern.compile("===?\\s*[^*,;\\s]+(?:\\s*[;#].*)?$");

  private RequirementsText() {}

  /** The file's requirements with every {@code -r} include inlined. */
  public static String expand(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    expand(file.toAbsolutePath().normalize(), text, new HashSet<>());
    return text.toString();
  }

  private static void expand(Path file, StringBuilder text, Set<Path> seen) throws IOException {
    if (!seen.add(file)) {
      return; // pip would loop; one copy of each file is what it means
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      Matcher include = INCLUDE.matcher(line);
      Matcher constraint = CONSTRAINT.matcher(line);
      if (include.matches()) {
        expand(file.resolveSibling(include.group(1)).normalize(), text, seen);
      } else if (constraint.matches()) {
        Path constraints = file.resolveSibling(constraint.group(1)).normalize();
        text.append("-c ").append(constraints).append('\n');
        text.append("# constraints sha256 ").append(Sha256.hex(constraints)).append('\n');
      } else {
        text.append(line).append('\n');
      }
    }
  }

  /**
   * The requirements that do not pin one exact version, by distribution name: what can change
   * under the same file from one day to the next. Options, comments and direct references
   * ({@code name @ url}) are not counted.
   */
  public static List<String> unpinned(String requirementsText) {
    List<String> names = new ArrayList<>();
    for (String raw : requirementsText.lines().toList()) {
      String line = raw.replaceFirst("\\s+#.*$", "").strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("-")) {
        continue;
      }
      Matcher name = NAME.matcher(line);
      if (!name.find() || line.contains(" @ ") || line.contains("://")) {
        continue;
      }
      String rest = line.substring(name.end()).replaceFirst("^\\[[^\\]]*\\]", "").strip();
      if (!EXACT.matcher(rest).lookingAt() || rest.contains(",")) {
        names.add(name.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
      }
    }
    return names;
  }
}
