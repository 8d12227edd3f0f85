package dev.slipway.core.exec;

/** Someone else is deploying this environment. */
public final class LockHeld extends RuntimeException {

  public LockHeld(String message) {
    super(message);
  }
}
