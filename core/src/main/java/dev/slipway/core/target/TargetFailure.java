package dev.slipway.core.target;

/**
 * A target operation failed. The message is one line: the cause and the next step.
 *
 * @see #unreachable() whether the target could not be reached at all (exit code 3)
 */
public final class TargetFailure extends RuntimeException {

  private final boolean unreachable;

  public TargetFailure(String message, boolean unreachable) {
    super(message);
    this.unreachable = unreachable;
  }

  public boolean unreachable() {
    return unreachable;
  }
}
