package dev.slipway.cli.init;

import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A Compose file as written, with the project's {@code .env} that Compose reads for variable
 * substitution.
 *
 * @param path the file
 * @param displayName how errors name it
 * @param root the document
 * @param dotEnv {@code .env} beside the file, empty when there is none
 */
record ComposeFile(Path path, String displayName, YamlNode root, Map<String, String> dotEnv) {

  /** The names Compose itself looks for, in its order of preference. */
  static final List<String> NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");

  ComposeFile {
    dotEnv = Map.copyOf(dotEnv);
  }

  static Optional<Path> find(Path dir) {
    return NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
  }

  /**
   * @throws InvalidInputException at the line and column where the YAML is broken, or where the
   *     document is not a map
   */
  static ComposeFile read(Path path, String displayName) {
    Node document;
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      document = new Yaml(new LoaderOptions()).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      SourceLocation where = mark == null ? new SourceLocation(displayName, 0, 0) : new SourceLocation(displayName, mark.getLine() + 1, mark.getColumn() + 1);
      throw new InvalidInputException(where, "not valid YAML: " + problem(e) + "; fix the file, then run slipway init again");
    } catch (YAMLException e) {
      throw new InvalidInputException(new SourceLocation(displayName, 0, 0), "not valid YAML: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidInputException(new SourceLocation(displayName, 0, 0), "cannot read: " + e.getMessage());
    }
    if (document == null) {
      throw new InvalidInputException(new SourceLocation(displayName, 0, 0), "is empty: a Compose file needs a services: map");
    }
    Map<String, String> dotEnv = dotEnv(path.toAbsolutePath().getParent().resolve(".env"));
    YamlNode root = new YamlNode(document, displayName, dotEnv);
    if (!root.isMap()) {
      throw root.error("a Compose file is a map with services: at the top, not a list or a single value");
    }
    return new ComposeFile(path, displayName, root, dotEnv);
  }

  private static String problem(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
    String context = e.getContext();
    return (context == null ? problem : problem + " (" + context + ")").replace('\n', ' ').trim();
  }

  /** {@code KEY=VALUE} lines, as Compose reads a {@code .env} file for substitution. */
  static Map<String, String> dotEnv(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return values;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return values;
    }
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      } else {
        int comment = value.indexOf(" #");
        if (comment >= 0) {
          value = value.substring(0, comment).strip();
        }
      }
      values.put(line.substring(0, eq).strip(), value);
    }
    return values;
  }
}
