package dev.slipway.core.detect;

import dev.slipway.core.detect.Modules.Module;
import dev.slipway.core.detect.WebApps.App;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Python application's start command from its source, the author's own statements
 * first, then guesses:
 *
 * <ol>
 *   <li>the {@code web:} entry of a {@code Procfile};
 *   <li>a {@code pyproject.toml} script: the only one, or the one named like the project,
 *       {@code serve}, {@code start} or {@code web};
 *   <li>the {@code ENTRYPOINT}/{@code CMD} of the source's own {@code Dockerfile}: it says how the
 *       author starts the app in a container, which is what Slipway builds, so it beats a guess;
 *   <li>a Django project, found through {@code manage.py} and its settings;
 *   <li>a Flask, FastAPI or Starlette app object in the top-level modules, packages or a src layout;
 *   <li>a top-level {@code main.py} or {@code app.py}.
 * </ol>
 */
public final class StartCommandDetector {

  private static final Pattern PROCFILE_WEB = Pattern.compile("(?m)^web\\s*:[ \\t]*(.*?)\\s*$");

  private StartCommandDetector() {}

  /**
   * What detection found, or what it looked for and where, when it found nothing.
   *
   * @param searched one line per kind of start looked for, saying where and what it saw
   */
  public record Detection(Optional<StartCommand> command, List<String> searched) {
    public Detection {
      searched = List.copyOf(searched);
    }
  }

  /**
   * @param sourceDir the application directory
   * @param port the port the service listens on, which detected servers are told to bind
   * @param dependencies what the service's dependency file installs
   */
  public static Detection detect(Path sourceDir, int port, Dependencies dependencies) {
    List<String> searched = new ArrayList<>();
    Optional<StartCommand> found =
        procfile(sourceDir, searched)
            .or(() -> projectScript(sourceDir, searched))
            .or(() -> dockerfile(sourceDir, searched))
            .or(() -> django(sourceDir, port, dependencies, searched))
            .or(() -> webApp(sourceDir, port, dependencies, searched))
            .or(() -> plainScript(sourceDir, searched));
    return new Detection(found, searched);
  }

  private static Optional<StartCommand> procfile(Path sourceDir, List<String> searched) {
    Path procfile = sourceDir.resolve("Procfile");
    if (!Files.isRegularFile(procfile)) {
      searched.add("a Procfile with a web: entry (there is no Procfile)");
      return Optional.empty();
    }
    Matcher web = PROCFILE_WEB.matcher(read(procfile));
    if (!web.find() || web.group(1).isEmpty()) {
      searched.add("a Procfile with a web: entry (the Procfile has none)");
      return Optional.empty();
    }
    return Optional.of(StartCommand.authors(web.group(1), "the web: entry of Procfile"));
  }

  private static Optional<StartCommand> projectScript(Path sourceDir, List<String> searched) {
    Optional<ProjectScripts.Declared> declared = ProjectScripts.read(sourceDir);
    if (declared.isEmpty()) {
      searched.add("a [project.scripts] or [tool.poetry.scripts] entry in pyproject.toml (none)");
      return Optional.empty();
    }
    Optional<String> chosen = declared.get().chosen();
    if (chosen.isEmpty()) {
      searched.add(declared.get().undecided());
      return Optional.empty();
    }
    return Optional.of(ProjectScripts.command(sourceDir, declared.get(), chosen.get()));
  }

  private static Optional<StartCommand> dockerfile(Path sourceDir, List<String> searched) {
    Optional<Dockerfile.Start> start = Dockerfile.read(sourceDir);
    if (start.isEmpty()) {
      searched.add("ENTRYPOINT or CMD of a Dockerfile (none, or only a shell)");
      return Optional.empty();
    }
    Dockerfile.Start docker = start.get();
    StartCommand command = StartCommand.authors(docker.command(), "the author's choice in " + docker.file() + " (" + docker.written() + ")");
    Optional<String> workdir = docker.workdir().filter(w -> w.startsWith("/") && !w.replaceAll("/+$", "").equals("/app"));
    if (workdir.isPresent() && docker.command().contains(workdir.get())) {
      command = command.warning(
          "the start command from " + docker.file() + " names its WORKDIR " + workdir.get() + ", but Slipway's image runs the app from /app:"
              + " use a relative path there, or give the command with `command '...'`");
    }
    return Optional.of(command);
  }

  private static Optional<StartCommand> django(Path sourceDir, int port, Dependencies dependencies, List<String> searched) {
    Optional<DjangoProject> project = DjangoProject.find(sourceDir);
    if (project.isEmpty()) {
      searched.add("a Django manage.py, up to " + DjangoProject.MAX_DEPTH + " folders down (none that imports django)");
    }
    return project.map(p -> p.command(port, dependencies));
  }

  private static Optional<StartCommand> webApp(Path sourceDir, int port, Dependencies dependencies, List<String> searched) {
    List<Module> modules = Modules.of(sourceDir);
    List<App> apps = WebApps.find(modules);
    if (apps.isEmpty()) {
      searched.add(
          "a Flask, FastAPI or Starlette app object (none in " + modules.size() + (modules.size() == 1 ? " module" : " modules") + ": top-level files, packages"
              + (Files.isDirectory(sourceDir.resolve("src")) ? ", src/" : "") + "; tests, docs and virtualenvs skipped)");
      return Optional.empty();
    }
    App chosen = apps.get(0);
    StartCommand command = WebApps.command(chosen, port, dependencies);
    if (apps.size() > 1) {
      List<String> others = apps.subList(1, Math.min(apps.size(), 4)).stream()
          .map(other -> other.target() + " in " + other.module().source().path + " (" + WebApps.whyBefore(chosen, other) + ")")
          .toList();
      command = command.reason("; chosen over " + String.join(", ", others) + (apps.size() > 4 ? " and " + (apps.size() - 4) + " more" : ""));
    }
    return Optional.of(command);
  }

  private static Optional<StartCommand> plainScript(Path sourceDir, List<String> searched) {
    Optional<StartCommand> script =
        Stream.of("main.py", "app.py")
            .filter(name -> Files.isRegularFile(sourceDir.resolve(name)))
            .findFirst()
            .map(name -> StartCommand.authors("python " + name, name + " found, no web framework detected"));
    if (script.isEmpty()) {
      searched.add("a top-level main.py or app.py (none)");
    }
    return script;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
