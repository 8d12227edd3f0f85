package dev.slipway.core.detect;

import dev.slipway.core.image.TomlTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console scripts a {@code pyproject.toml} declares ({@code [project.scripts]}, or Poetry's
 * {@code [tool.poetry.scripts]}), and the one that starts the service: the only one, or the one
 * named like the project, {@code serve}, {@code start} or {@code web}.
 *
 * <p>The image installs the project's dependencies, not the project itself, so no console script
 * exists there: the command calls the script's function the way the script would.
 */
final class ProjectScripts {

  private static final Pattern ENTRY = Pattern.compile("^\\s*([A-Za-z_][\\w.]*)\\s*:\\s*([A-Za-z_][\\w.]*)\\s*(?:\\[.*])?\\s*$");

  /**
   * What the file says.
   *
   * @param table {@code [project.scripts]} or {@code [tool.poetry.scripts]}
   * @param scripts name to entry point, e.g. {@code serve} to {@code shop.cli:main}
   */
  record Declared(String project, String table, Map<String, String> scripts) {

    /** The script that starts the service, if the names make one clear. */
    Optional<String> chosen() {
      if (scripts.size() == 1) {
        return Optional.of(scripts.keySet().iterator().next());
      }
      for (String wanted : List.of(normalise(project), "serve", "start", "web")) {
        for (String name : scripts.keySet()) {
          if (!wanted.isEmpty() && normalise(name).equals(wanted)) {
            return Optional.of(name);
          }
        }
      }
      return Optional.empty();
    }

    /** Why no script was chosen, for the error that lists what was looked for. */
    String undecided() {
      return table + " in pyproject.toml has " + scripts.size() + " scripts (" + String.join(", ", scripts.keySet()) + "), none of them named like the project"
          + (project.isEmpty() ? "" : " (" + project + ")") + ", serve, start or web";
    }
  }

  private ProjectScripts() {}

  static Optional<Declared> read(Path sourceDir) {
    Path file = sourceDir.resolve("pyproject.toml");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    TomlTables toml;
    try {
      toml = TomlTables.parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String prefix : List.of("project", "tool.poetry")) {
      Map<String, String> scripts = new LinkedHashMap<>();
      toml.table(prefix + ".scripts").forEach((name, value) -> entryPoint(value).ifPresent(entry -> scripts.put(name, entry)));
      if (!scripts.isEmpty()) {
        return Optional.of(new Declared(toml.string(prefix, "name").orElse(""), "[" + prefix + ".scripts]", scripts));
      }
    }
    return Optional.empty();
  }

  /** {@code shop.cli:main}, written as a string or as Poetry's {@code {callable = "..."}}. */
  private static Optional<String> entryPoint(Object value) {
    if (value instanceof Map<?, ?> table) {
      value = table.get("callable") != null ? table.get("callable") : table.get("reference");
    }
    return value instanceof String entry && ENTRY.matcher(entry).matches() ? Optional.of(entry) : Optional.empty();
  }

  /** The command that runs {@code name}, and why. */
  static StartCommand command(Path sourceDir, Declared declared, String name) {
    Matcher entry = ENTRY.matcher(declared.scripts().get(name));
    if (!entry.matches()) {
      throw new IllegalStateException("entry points are checked when read");
    }
    String module = entry.group(1);
    List<String> attributes = new ArrayList<>(List.of(entry.group(2).split("\\.")));
    String imported = attributes.get(0);
    String call = String.join(".", attributes) + "()";
    String top = module.split("\\.")[0];
    boolean srcLayout = !Files.isDirectory(sourceDir.resolve(top)) && Files.isDirectory(sourceDir.resolve("src").resolve(top));
    String why = declared.scripts().size() == 1 ? "its only script" : normalise(name).equals(normalise(declared.project())) ? "the script named like the project" : "the script named " + name;
    return new StartCommand(
        "python -c 'import sys; from " + module + " import " + imported + "; sys.exit(" + call + ")'",
        declared.table() + " '" + name + "' in pyproject.toml (" + declared.scripts().get(name) + ", " + why
            + "); the image has the project's dependencies but not the project installed, so its function is called directly",
        Server.AUTHORS,
        srcLayout ? Optional.of("src") : Optional.empty(),
        List.of());
  }

  private static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }
}
