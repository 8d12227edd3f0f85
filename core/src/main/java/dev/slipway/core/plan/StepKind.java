package dev.slipway.core.plan;

/** What a plan step does. */
public enum StepKind {
  BUILD_IMAGE("build"),
  RUN_TESTS("test"),
  DEPLOY("deploy"),
  RUN_ONCE("run");

  private final String prefix;

  StepKind(String prefix) {
    this.prefix = prefix;
  }

  /** Step ids read {@code build:api}, {@code deploy:db}. */
  public String idFor(String service) {
    return prefix + ":" + service;
  }

  /** A run's id also names its stage, since a service may run a command in several: {@code run:migrate:api}. */
  public String idFor(String stage, String service) {
    return prefix + ":" + stage + ":" + service;
  }
}
