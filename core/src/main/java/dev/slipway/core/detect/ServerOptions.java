package dev.slipway.core.detect;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns the {@code python { }} block's {@code workers} and {@code timeout} into the chosen
 * server's own options, so they need no rewritten command. gunicorn has both ({@code --workers},
 * {@code --timeout}, the seconds a worker may take for one request); uvicorn and hypercorn have
 * workers but no request timeout; daphne has a request timeout ({@code --http-timeout}) but one
 * process; waitress has neither. A setting the server cannot take is an error, never ignored.
 */
public final class ServerOptions {

  private ServerOptions() {}

  /** What applying the settings gave: the command, and why a setting could not apply. */
  public record Applied(StartCommand command, Optional<String> workersProblem, Optional<String> timeoutProblem) {}

  /**
   * @param dependencies where to add a production server, for the fix
   */
  public static Applied apply(StartCommand command, OptionalInt workers, OptionalInt timeout, Dependencies dependencies) {
    StartCommand applied = command;
    Optional<String> workersProblem = Optional.empty();
    Optional<String> timeoutProblem = Optional.empty();
    if (workers.isPresent()) {
      int count = workers.getAsInt();
      switch (command.server()) {
        case GUNICORN, UVICORN, HYPERCORN -> applied = applied.with("--workers " + count);
        default -> workersProblem = Optional.of(cannot(command, "workers", count, "--workers " + count, dependencies));
      }
    }
    if (timeout.isPresent()) {
      int seconds = timeout.getAsInt();
      switch (command.server()) {
        case GUNICORN -> applied = applied.with("--timeout " + seconds);
        case DAPHNE -> applied = applied.with("--http-timeout " + seconds);
        default -> timeoutProblem = Optional.of(cannot(command, "timeout", seconds, "--timeout " + seconds, dependencies));
      }
    }
    return new Applied(applied, workersProblem, timeoutProblem);
  }

  /**
   * @param keyword {@code workers} or {@code timeout}
   * @param option gunicorn's option for it, e.g. {@code --workers 3}
   */
  private static String cannot(StartCommand command, String keyword, int value, String option, Dependencies dependencies) {
    String setting = keyword + " " + value + " cannot apply: ";
    String orRemove = ", or remove " + keyword;
    String addGunicorn = "add gunicorn to " + dependencies.where() + " (Slipway then runs gunicorn " + option + ")";
    return switch (command.server()) {
      case AUTHORS -> setting + "the start command `" + command.command() + "` is the author's own (" + command.reason()
          + "), which Slipway runs as written: put the server's option into it (gunicorn's is " + option + ")" + orRemove;
      case DEVELOPMENT -> setting + "`" + command.command() + "` runs a development server, which has no " + keyword + ": " + addGunicorn + orRemove;
      case UVICORN, HYPERCORN -> setting + command.server().label() + " has no request timeout (timeout is gunicorn's " + option + "): add gunicorn to "
          + dependencies.where() + " (Slipway then runs " + command.server().label() + " workers under gunicorn " + option + ")" + orRemove;
      case DAPHNE -> setting + "daphne runs one process: run more replicas, or add uvicorn to " + dependencies.where()
          + " (Slipway then runs uvicorn --workers " + value + ")" + orRemove;
      case WAITRESS -> setting + "waitress runs one process with threads and has no " + (keyword.equals("timeout") ? "request timeout" : keyword) + ": "
          + addGunicorn + orRemove;
      case GUNICORN -> throw new IllegalStateException("gunicorn takes both");
    };
  }
}
