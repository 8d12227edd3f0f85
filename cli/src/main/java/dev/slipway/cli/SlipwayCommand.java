package dev.slipway.cli;

import dev.slipway.core.build.BuildFailure;
import dev.slipway.core.build.RegistryFailure;
import dev.slipway.core.exec.LockHeld;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.problem.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway}: the root command. */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    version = "slipway 0.1.0",
    description = "Takes Python applications from source to a running, health-checked deployment.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      RenderCommand.class,
      GraphCommand.class,
      BuildCommand.class,
      TestCommand.class,
      DeployCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      HistoryCommand.class,
      RollbackCommand.class,
      DestroyCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a stage failed",
      "2:invalid input (script, command line or files); nothing was changed",
      "3:target unreachable or unauthorised",
      "4:the environment's deploy lock is held by someone else"
    })
public final class SlipwayCommand implements Runnable {

  @Option(names = "--debug", description = "Show stack traces for errors.", scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Workspace workspace;

  public SlipwayCommand(Workspace workspace) {
    this.workspace = workspace;
  }

  Workspace workspace() {
    return workspace;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    CommandLine commandLine = newCommandLine();
    int exitCode = commandLine.execute(args);
    // print() does not flush picocli's writers, and System.exit would drop what is buffered.
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(exitCode);
  }

  /** The configured command line; tests run it in-process. */
  public static CommandLine newCommandLine() {
    return newCommandLine(Workspace.fromSystem());
  }

  /** A command line over {@code workspace}, so tests choose the environment variables it sees. */
  public static CommandLine newCommandLine(Workspace workspace) {
    CommandLine commandLine = new CommandLine(new SlipwayCommand(workspace));
    commandLine.setExecutionExceptionHandler(SlipwayCommand::handle);
    return commandLine;
  }

  /** Users get one line per problem and an exit code; a stack trace only with {@code --debug}. */
  private static int handle(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean debug = parseResult.hasMatchedOption("--debug")
        || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
    if (error instanceof InvalidInputException invalid) {
      for (Problem problem : invalid.problems()) {
        err.println(problem);
      }
      if (debug) {
        error.printStackTrace(err);
      }
      err.flush();
      return ExitCode.INVALID_INPUT;
    }
    if (error instanceof LockHeld held) {
      err.println(held.getMessage());
      err.flush();
      return ExitCode.LOCKED;
    }
    if (error instanceof TargetFailure failure) {
      err.println(failure.getMessage());
      if (debug) {
        error.printStackTrace(err);
      }
      err.flush();
      return failure.unreachable() ? ExitCode.TARGET_UNREACHABLE : ExitCode.FAILED;
    }
    if (error instanceof BuildFailure failure) {
      // Build and test failures carry their cause and next step in one line already.
      err.println(failure.getMessage());
      if (debug) {
        error.printStackTrace(err);
      }
      err.flush();
      return failure instanceof RegistryFailure ? ExitCode.TARGET_UNREACHABLE : ExitCode.FAILED;
    }
    err.println("slipway: " + (error.getMessage() == null ? error.getClass().getName() : error.getMessage()));
    if (debug) {
      error.printStackTrace(err);
    } else {
      err.println("(run again with --debug for details)");
    }
    err.flush();
    return ExitCode.FAILED;
  }
}
