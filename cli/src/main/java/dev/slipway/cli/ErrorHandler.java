package dev.slipway.cli;

import dev.slipway.core.build.BuildFailure;
import dev.slipway.core.build.EngineUnavailable;
import dev.slipway.core.build.RegistryFailure;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.state.LockHeld;
import dev.slipway.core.target.TargetFailure;
import java.io.PrintWriter;
import java.util.Collection;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one mapping from a failure to what the user reads and the {@link ExitCode}, for every
 * command: picocli hands it what a command throws, and asks it for the exit code of a command
 * line it could not parse. Users get one line per problem; a stack trace only with {@code --debug}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper {

  @Override
  public int getExitCode(Throwable error) {
    if (error instanceof ParameterException || error instanceof InvalidInputException) {
      return ExitCode.INVALID_INPUT;
    }
    if (error instanceof LockHeld) {
      return ExitCode.LOCKED;
    }
    return unreachable(error) ? ExitCode.TARGET_UNREACHABLE : ExitCode.FAILED;
  }

  /** A deploy that ran and failed reports its steps' exceptions instead of throwing one. */
  static int ofFailedSteps(Collection<Throwable> failures) {
    return failures.stream().anyMatch(ErrorHandler::unreachable) ? ExitCode.TARGET_UNREACHABLE : ExitCode.FAILED;
  }

  private static boolean unreachable(Throwable error) {
    return error instanceof RegistryFailure || error instanceof EngineUnavailable || (error instanceof TargetFailure failure && failure.unreachable());
  }

  @Override
  public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean explained = true;
    if (error instanceof InvalidInputException invalid) {
      invalid.problems().forEach(err::println);
    } else if (error instanceof LockHeld || error instanceof TargetFailure || error instanceof BuildFailure) {
      // These carry their cause and the next step in one line already; the cause may quote another program's output.
      err.println(TerminalText.plain(error.getMessage()));
    } else {
      err.println("slipway: " + (error.getMessage() == null ? error.getClass().getName() : TerminalText.plain(error.getMessage())));
      explained = false;
    }
    if (debug(parseResult)) {
      error.printStackTrace(err);
    } else if (!explained) {
      err.println("(run again with --debug for details)");
    }
    err.flush();
    return getExitCode(error);
  }

  private static boolean debug(ParseResult parseResult) {
    return parseResult.hasMatchedOption("--debug") || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
  }
}
