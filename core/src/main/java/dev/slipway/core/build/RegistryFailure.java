package dev.slipway.core.build;

/** A registry could not be reached or refused access: the build could not even start talking. */
public final class RegistryFailure extends BuildFailure {

  public RegistryFailure(String message) {
    super(message);
  }

  public RegistryFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
