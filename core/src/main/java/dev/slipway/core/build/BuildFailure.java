package dev.slipway.core.build;

/**
 * A build or test step could not finish. The message is the one line a user sees: the cause and
 * the next step, never a stack trace.
 */
public class BuildFailure extends RuntimeException {

  public BuildFailure(String message) {
    super(message);
  }

  public BuildFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
