package dev.slipway.core.model;

import java.util.List;

/** The ordered stages of a deploy; {@link #DEFAULT} when the script declares none. */
public record Pipeline(List<Stage> stages, boolean declared) {

  public static final Pipeline DEFAULT =
      new Pipeline(
          List.of(
              new Stage("build", List.of(StageAction.BUILD_IMAGES), SourceLocation.UNKNOWN),
              new Stage("test", List.of(StageAction.RUN_TESTS), SourceLocation.UNKNOWN),
              new Stage("deploy", List.of(StageAction.DEPLOY), SourceLocation.UNKNOWN)),
          false);

  public Pipeline {
    stages = List.copyOf(stages);
  }
}
