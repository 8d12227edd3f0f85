package dev.slipway.cli.init;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.PythonBuild;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.ShellWords;
import dev.slipway.core.plan.Environments;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.problem.Problem;
import dev.slipway.dsl.DeployScripts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Start commands as Slipway itself decides them: the script is evaluated and each Python service
 * resolved by {@link Environments}, the one place that detects them. {@code init} writes a
 * {@code command} only where that decision differs from what the original ran.
 */
final class StartCommands {

  /** The environment whose resolution {@code init} reports: the one it writes. */
  static final String ENVIRONMENT = "dev";

  /**
   * What Slipway will run for one Python service.
   *
   * @param command empty when nothing could be decided; then {@code problem} says why
   */
  record Decision(String service, Optional<String> command, String reason, Optional<String> problem) {}

  private StartCommands() {}

  /**
   * The draft with a {@code command} in each Python build whose original command Slipway would
   * not detect on its own.
   *
   * @param script where the script will be written: paths in it are relative to its folder
   * @throws InvalidInputException when the written script does not evaluate (a bug in init)
   */
  static Draft settle(Draft draft, Path script) {
    Project project = evaluate(DeployScriptWriter.write(draft), script);
    ResolvedEnvironment dev = Environments.overridden(project, ENVIRONMENT);
    List<Draft.Service> settled = new ArrayList<>();
    for (Draft.Service service : draft.services()) {
      if (!(service.build() instanceof Draft.Python python) || python.authorCommand().isEmpty()) {
        settled.add(service);
        continue;
      }
      Draft.AuthorCommand author = python.authorCommand().get();
      Decision detected = decide(project, dev, dev.services().stream().filter(s -> s.name().equals(service.name())).findFirst().orElseThrow());
      if (detected.command().isPresent() && sameWords(detected.command().get(), author.line())) {
        settled.add(service);
        continue;
      }
      String comment = "from " + author.origin() + detected.command().map(c -> "; Slipway alone would run: " + c).orElse("");
      settled.add(service.withBuild(python.withCommand(Optional.of(author.line()), comment)));
    }
    return draft.withServices(settled);
  }

  /** What each Python service of {@code project} starts with in {@link #ENVIRONMENT}, and why. */
  static List<Decision> report(Project project) {
    ResolvedEnvironment dev = Environments.overridden(project, ENVIRONMENT);
    return dev.services().stream().filter(s -> s.python().isPresent()).map(service -> decide(project, dev, service)).toList();
  }

  static Project evaluate(String text, Path script) {
    return DeployScripts.evaluate(text, script, Map.of());
  }

  private static Decision decide(Project project, ResolvedEnvironment dev, Service service) {
    try {
      ResolvedEnvironment one = Environments.decide(new ResolvedEnvironment(project, dev.name(), dev.target(), List.of(service)));
      Optional<PythonBuild.Resolution> resolution = one.services().get(0).python().flatMap(PythonBuild::resolution);
      return resolution
          .map(r -> new Decision(service.name(), Optional.of(r.command()), r.commandReason(), Optional.empty()))
          .orElseGet(() -> new Decision(service.name(), Optional.empty(), "", Optional.of("its source directory or dependency file is missing")));
    } catch (InvalidInputException e) {
      String problems = e.problems().stream().map(Problem::message).collect(Collectors.joining("; "));
      return new Decision(service.name(), Optional.empty(), "", Optional.of(problems));
    }
  }

  /** The same command, however it is quoted or spaced. */
  static boolean sameWords(String first, String second) {
    Optional<List<String>> a = ShellWords.split(first);
    Optional<List<String>> b = ShellWords.split(second);
    if (a.isPresent() && b.isPresent()) {
      return a.get().equals(b.get());
    }
    return first.trim().replaceAll("\\s+", " ").equals(second.trim().replaceAll("\\s+", " "));
  }
}
