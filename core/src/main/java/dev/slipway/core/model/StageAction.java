package dev.slipway.core.model;

/** What a pipeline stage does; each becomes one step per service that it applies to. */
public enum StageAction {
  BUILD_IMAGES("buildImages"),
  RUN_TESTS("runTests"),
  DEPLOY("deploy");

  private final String keyword;

  StageAction(String keyword) {
    this.keyword = keyword;
  }

  /** The DSL word that adds this action to a stage. */
  public String keyword() {
    return keyword;
  }
}
