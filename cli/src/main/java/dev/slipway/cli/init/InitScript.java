package dev.slipway.cli.init;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The script {@code slipway init} writes for a project folder, checked by evaluating it with Slipway's DSL. */
public final class InitScript {

  private static final List<String> OVERRIDES = List.of("compose.override.yaml", "compose.override.yml", "docker-compose.override.yml", "docker-compose.override.yaml");

  private final String text;
  private final Draft draft;
  private final Project project;
  private final List<String> notices;

  private InitScript(String text, Draft draft, Project project, List<String> notices) {
    this.text = text;
    this.draft = draft;
    this.project = project;
    this.notices = List.copyOf(notices);
  }

  /** The Groovy source. */
  public String text() {
    return text;
  }

  /** The script as Slipway's DSL evaluated it. */
  public Project project() {
    return project;
  }

  /** Lines for the terminal about the inputs, e.g. an override file that was not read. */
  public List<String> notices() {
    return notices;
  }

  /**
   * The script for a folder: translated from its Compose file when it has one, else a service
   * built from its Python sources.
   *
   * @param projectDir the folder the script is for, and where it will be written
   * @param displayDir how the user named that folder, for messages
   * @param compose the Compose file to translate; when empty, the folder's own if it has one
   * @throws InvalidInputException when the Compose file is unusable or the folder holds nothing to
   *     translate
   */
  public static InitScript forProject(Path projectDir, Path displayDir, Optional<Path> compose) {
    Path script = displayDir.resolve("deploy.groovy");
    List<String> notices = new ArrayList<>();
    Optional<Path> composeFile = compose.or(() -> ComposeFile.find(projectDir));
    Draft draft;
    if (composeFile.isPresent()) {
      Path file = composeFile.get();
      String displayName = compose.isPresent() ? file.toString() : displayDir.resolve(file.getFileName()).toString();
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(new SourceLocation("command line", 0, 0), "no Compose file " + file + ": name an existing one with --compose");
      }
      // Compose merges an override file only into the file it finds itself, not into one named with -f.
      for (String override : compose.isPresent() ? List.<String>of() : OVERRIDES) {
        Path overrideFile = file.toAbsolutePath().getParent().resolve(override);
        if (Files.isRegularFile(overrideFile)) {
          notices.add(displayDir.resolve(override) + ": not read (Compose merges it over " + file.getFileName() + "): carry its settings over by hand, e.g. into environments { dev { ... } }");
        }
      }
      draft = ComposeTranslator.translate(ComposeFile.read(file, displayName), projectDir);
    } else {
      draft = BareProject.draft(projectDir).orElseThrow(() -> new InvalidInputException(new SourceLocation(displayDir.toString(), 0, 0),
          "no Compose file (" + String.join(", ", ComposeFile.NAMES) + ") and no Python project (" + String.join(", ", PythonBuilds.PROJECT_FILES)
              + " or .py files): nothing to write a deploy.groovy from; run slipway init in the project's folder or point at it with -C DIR"));
    }
    try {
      Draft settled = StartCommands.settle(draft, script);
      String text = DeployScriptWriter.write(settled);
      return new InitScript(text, settled, StartCommands.evaluate(text, script), notices);
    } catch (InvalidInputException e) {
      throw new IllegalStateException("the script slipway init wrote for " + script + " does not evaluate (a bug in init): " + e.getMessage(), e);
    }
  }

  /** What {@code init} left out, one line each: where it was written, the service and the key. */
  public List<String> untranslated() {
    return draft.untranslated().stream()
        .map(u -> u.location() + ": " + (u.service().isEmpty() ? "" : "service '" + u.service() + "': ") + u.key() + ": " + u.summary() + " (not translated)")
        .toList();
  }

  /** What each Python service will start with, and why, as Slipway decides it. */
  public List<String> startCommands() {
    return StartCommands.report(project).stream()
        .map(d -> d.command().isPresent()
            ? d.service() + ": starts with `" + d.command().get() + "` (" + d.reason() + ")"
            : d.service() + ": no start command: " + d.problem().orElse("") )
        .toList();
  }
}
