package dev.slipway.core.problem;

import dev.slipway.core.model.SourceLocation;

/** One thing wrong with the user's input, where it is, and what to do about it. */
public record Problem(SourceLocation location, String message) {

  /** The one line users see: {@code deploy.groovy:14: service 'api' dependsOn 'dbb', ...}. */
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
