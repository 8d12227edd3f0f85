package dev.slipway.cli.init;

import dev.slipway.core.image.DependencyFile;
import dev.slipway.core.validate.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Python project with no Compose file: one service built from the folder, on the port Slipway's
 * detected servers listen on, checked over HTTP. The start command is left to Slipway's own
 * detection, which {@link StartCommands} reports.
 */
final class BareProject {

  static final int PORT = 8000;

  private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".venv", "venv", "env", "node_modules", "__pycache__", "site-packages", "tests", "test", "build", "dist");
  private static final Pattern HEALTH_ROUTE = Pattern.compile("[\"'](/?(?:health|healthz|healthcheck|ping|ready|readyz|livez)/?)[\"']");
  private static final Pattern PYTHON_VERSION = Pattern.compile("(?:python-)?(3\\.[0-9]{1,2})(?:\\.[0-9]+)?");

  private BareProject() {}

  /** The draft for {@code dir}, or empty when it holds no Python project. */
  static Optional<Draft> draft(Path dir) {
    List<Path> sources = pythonSources(dir);
    boolean projectFile = PythonBuilds.PROJECT_FILES.stream().anyMatch(file -> Files.isRegularFile(dir.resolve(file)));
    if (!projectFile && sources.isEmpty()) {
      return Optional.empty();
    }
    Path folder = dir.toAbsolutePath().normalize().getFileName();
    String name = Names.toDnsLabel(folder == null ? "" : folder.toString());
    if (name.isEmpty()) {
      name = "app";
    }
    List<String> notes = new ArrayList<>();
    Optional<DependencyFile> dependencies = DependencyFile.detect(dir, ".");
    notes.add(dependencies
        .map(d -> "dependencies: " + d.path() + ", which Slipway finds on its own (name another with requirements '...' in python { })")
        .orElse("no dependency file (requirements.txt, pyproject.toml, uv.lock, poetry.lock) found: add one, or name it with requirements '...' in python { }"));
    String path = healthPath(sources);
    String healthComment = path.equals("/")
        ? "Slipway counts the service ready when / answers 2xx or 3xx: point this at a page the app serves"
        : "a route the app defines";
    Draft.Python python = new Draft.Python(".", pythonVersion(dir), Optional.empty(), Optional.empty(), Optional.empty(), "", List.of());
    Draft.Service service = new Draft.Service(
        name, notes, python, Optional.empty(), Optional.empty(),
        List.of(new Draft.Port(PORT, OptionalInt.empty(), false, Optional.empty(), "the port the app listens on; a detected start command binds it")),
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        Optional.of(new Draft.Health(new Draft.HttpCheck(path, 0), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), healthComment)),
        List.of(), Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());
    return Optional.of(new Draft(name, "the Python project in this folder", List.of(), List.of(service), false, List.of()));
  }

  /** {@code .python-version} (pyenv) or {@code runtime.txt} (Heroku), when they name a minor version. */
  private static Optional<String> pythonVersion(Path dir) {
    for (String file : List.of(".python-version", "runtime.txt")) {
      Path path = dir.resolve(file);
      if (Files.isRegularFile(path)) {
        try {
          Matcher m = PYTHON_VERSION.matcher(Files.readString(path).strip());
          if (m.matches()) {
            return Optional.of(m.group(1));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Optional.empty();
  }

  /** A health route the app declares (FastAPI, Flask or Django URL patterns alike), else {@code /}. */
  private static String healthPath(List<Path> sources) {
    for (Path source : sources) {
      try {
        Matcher m = HEALTH_ROUTE.matcher(Files.readString(source));
        if (m.find()) {
          String route = m.group(1);
          return route.startsWith("/") ? route : "/" + route;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return "/";
  }

  private static List<Path> pythonSources(Path dir) {
    try (Stream<Path> files = Files.walk(dir, 4)) {
      return files
          .filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p))
          .filter(p -> dir.relativize(p).getNameCount() == 1 || !skipped(dir.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean skipped(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      if (SKIPPED_DIRS.contains(relative.getName(i).toString())) {
        return true;
      }
    }
    return false;
  }
}
