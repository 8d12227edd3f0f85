package dev.slipway.core.build;

/**
 * No container engine can build what the plan builds with one (a Dockerfile service): found
 * before anything is built or pushed, like a registry that does not answer.
 */
public final class EngineUnavailable extends BuildFailure {

  public EngineUnavailable(String message) {
    super(message);
  }
}
