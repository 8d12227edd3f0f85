package dev.slipway.core.model;

/** A stage action that becomes one step per service it applies to. */
public enum ServiceAction implements StageAction {
  BUILD_IMAGES("buildImages"),
  RUN_TESTS("runTests"),
  DEPLOY("deploy");

  private final String keyword;

  ServiceAction(String keyword) {
    this.keyword = keyword;
  }

  @Override
  public String keyword() {
    return keyword;
  }
}
