package dev.slipway.core.plan;

/** What a plan step does. */
public enum StepKind {
  BUILD_IMAGE("build"),
  RUN_TESTS("test"),
  DEPLOY("deploy");

  private final String prefix;

  StepKind(String prefix) {
    this.prefix = prefix;
  }

  /** Step ids read {@code build:api}, {@code deploy:db}. */
  public String idFor(String service) {
    return prefix + ":" + service;
  }
}
