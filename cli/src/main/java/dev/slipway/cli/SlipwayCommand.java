package dev.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway}: the root command. */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Takes Python applications from source to a running, health-checked deployment.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      RenderCommand.class,
      InitCommand.class,
      GraphCommand.class,
      DiffCommand.class,
      BuildCommand.class,
      TestCommand.class,
      DeployCommand.class,
      ScaleCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      HistoryCommand.class,
      GcCommand.class,
      CacheCommand.class,
      RollbackCommand.class,
      DestroyCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a stage failed, a published host port is taken, or an unexpected error (--debug shows it)",
      "2:invalid input (script, command line or files); nothing was changed",
      "3:target or registry unreachable or unauthorised",
      "4:the environment's deploy lock is held by someone else"
    })
public final class SlipwayCommand implements Runnable {

  @Option(names = "--debug", description = "Show stack traces for errors, and details such as jib's retries.", scope = CommandLine.ScopeType.INHERIT)
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
    ErrorHandler errors = new ErrorHandler();
    return new CommandLine(new SlipwayCommand(workspace)).setExecutionExceptionHandler(errors).setExitCodeExceptionMapper(errors);
  }
}
