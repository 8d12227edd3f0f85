package dev.slipway.core.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Guesses a Python application's start command from its source the way a developer would:
 * Procfile, then Django, FastAPI, Flask, then a plain {@code main.py} or {@code app.py}.
 */
public final class StartCommandDetector {

  private static final Pattern FASTAPI_APP =
      Pattern.compile("(?m)^([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(?:fastapi\\.)?FastAPI\\(");
  private static final Pattern FLASK_APP =
      Pattern.compile("(?m)^([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(?:flask\\.)?Flask\\(");

  private StartCommandDetector() {}

  /**
   * @param sourceDir the application directory
   * @param port the port the service listens on
   * @param packages distribution names from the dependency file, lower-cased
   */
  public static Optional<StartCommand> detect(Path sourceDir, int port, Set<String> packages) {
    return procfile(sourceDir)
        .or(() -> django(sourceDir, port))
        .or(() -> framework(sourceDir, port, packages))
        .or(() -> plainScript(sourceDir));
  }

  private static Optional<StartCommand> procfile(Path sourceDir) {
    Path procfile = sourceDir.resolve("Procfile");
    if (!Files.isRegularFile(procfile)) {
      return Optional.empty();
    }
    return read(procfile)
        .lines()
        .filter(line -> line.startsWith("web:"))
        .map(line -> line.substring("web:".length()).trim())
        .filter(command -> !command.isEmpty())
        .findFirst()
        .map(command -> new StartCommand(command, "the web: entry of Procfile"));
  }

  private static Optional<StartCommand> django(Path sourceDir, int port) {
    if (!Files.isRegularFile(sourceDir.resolve("manage.py"))) {
      return Optional.empty();
    }
    try (Stream<Path> children = Files.list(sourceDir)) {
      return children
          .filter(child -> Files.isRegularFile(child.resolve("wsgi.py")))
          .map(child -> child.getFileName().toString())
          .sorted()
          .findFirst()
          .map(
              project ->
                  new StartCommand(
                      "gunicorn --bind 0.0.0.0:" + port + " " + project + ".wsgi:application",
                      "Django project (manage.py and " + project + "/wsgi.py)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<StartCommand> framework(Path sourceDir, int port, Set<String> packages) {
    for (Path script : topLevelScripts(sourceDir)) {
      String module = script.getFileName().toString().replaceFirst("\\.py$", "");
      String text = read(script);
      Matcher fastapi = FASTAPI_APP.matcher(text);
      if (fastapi.find()) {
        String target = module + ":" + fastapi.group(1);
        return Optional.of(
            new StartCommand(
                "uvicorn " + target + " --host 0.0.0.0 --port " + port,
                "FastAPI app '" + fastapi.group(1) + "' in " + script.getFileName()));
      }
      Matcher flask = FLASK_APP.matcher(text);
      if (flask.find()) {
        String target = module + ":" + flask.group(1);
        String where = "Flask app '" + flask.group(1) + "' in " + script.getFileName();
        if (packages.contains("gunicorn")) {
          return Optional.of(
              new StartCommand(
                  "gunicorn --bind 0.0.0.0:" + port + " " + target, where + ", gunicorn in dependencies"));
        }
        return Optional.of(
            new StartCommand(
                "python -m flask --app " + target + " run --host 0.0.0.0 --port " + port,
                where + "; gunicorn is not in dependencies, so Flask's own server (add gunicorn for production)"));
      }
    }
    return Optional.empty();
  }

  private static Optional<StartCommand> plainScript(Path sourceDir) {
    return Stream.of("main.py", "app.py")
        .filter(name -> Files.isRegularFile(sourceDir.resolve(name)))
        .findFirst()
        .map(name -> new StartCommand("python " + name, name + " found, no web framework detected"));
  }

  private static List<Path> topLevelScripts(Path sourceDir) {
    try (Stream<Path> children = Files.list(sourceDir)) {
      return children
          .filter(p -> p.getFileName().toString().endsWith(".py") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
