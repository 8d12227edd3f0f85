package dev.slipway.core.target;

/** A target was asked for an operation it does not offer. */
public final class UnsupportedTargetOperation extends RuntimeException {

  public UnsupportedTargetOperation(String targetType, String operation) {
    super("the " + targetType + " target does not support " + operation + " yet");
  }
}
