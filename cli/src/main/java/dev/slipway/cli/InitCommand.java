package dev.slipway.cli;

import dev.slipway.cli.init.InitScript;
import dev.slipway.core.problem.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code slipway init}: write a deploy.groovy from a project's Compose file, or from its Python sources. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Write a deploy.groovy for a project: translated from its Compose file (compose.yaml, docker-compose.yml, ...) when it has one,"
          + " else one service built from its Python sources.",
      "What has no place in a deploy script is left out, with a comment in the script and a line on stderr."
    })
final class InitCommand implements Callable<Integer> {

  static final String SCRIPT = "deploy.groovy";

  @Option(names = {"-C", "--dir"}, paramLabel = "DIR", description = "The project's folder (default: the current one).")
  Path dir = Path.of("");

  @Option(
      names = "--compose",
      paramLabel = "FILE",
      description = "The Compose file to translate (default: compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml in DIR).")
  Path compose;

  @Option(names = "--dry-run", description = "Print the script on stdout instead of writing it.")
  boolean dryRun;

  @Option(names = "--force", description = "Replace an existing deploy.groovy.")
  boolean force;

  @Spec CommandSpec spec;
  @ParentCommand SlipwayCommand root;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path projectDir = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(projectDir)) {
      throw Workspace.commandLineError("no folder " + dir + ": give the project's folder with -C DIR");
    }
    Path target = dir.resolve(SCRIPT);
    if (Files.exists(target) && !force && !dryRun) {
      err.println(target + " already exists: run slipway init --force to replace it, or --dry-run to see what it would write");
      return ExitCode.FAILED;
    }
    InitScript script = InitScript.forProject(projectDir, dir, Optional.ofNullable(compose));
    // With --dry-run stdout carries the script alone, so it can be redirected to a file.
    PrintWriter info = dryRun ? err : out;
    script.notices().forEach(err::println);
    script.untranslated().forEach(err::println);
    if (dryRun) {
      out.print(script.text());
    } else {
      Files.writeString(target, script.text());
      info.println("wrote " + target + " (" + script.project().services().size() + " service(s))");
    }
    script.startCommands().forEach(info::println);
    try {
      root.workspace().check(script.project());
    } catch (InvalidInputException problems) {
      // The script is the user's to finish: what still needs doing is listed, not refused.
      err.println("slipway validate will report (fix these in " + target + "):");
      problems.problems().forEach(problem -> err.println("  " + problem));
    }
    String file = dir.toString().isEmpty() ? "" : " -f " + target;
    info.println("next: slipway validate" + file + ", then slipway render" + file + " --env dev -o build/dev");
    return ExitCode.OK;
  }
}
