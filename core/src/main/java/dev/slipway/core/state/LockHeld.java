package dev.slipway.core.state;

/** Someone else is deploying this environment. */
public final class LockHeld extends RuntimeException {

  public LockHeld(String message) {
    super(message);
  }
}
