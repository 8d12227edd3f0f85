package dev.slipway.core.model;

import java.util.List;
import java.util.Optional;

/** The ordered stages of a deploy; {@link #DEFAULT} when the script declares none. */
public record Pipeline(List<Stage> stages, boolean declared) {

  public static final Pipeline DEFAULT =
      new Pipeline(
          List.of(
              new Stage("build", List.of(ServiceAction.BUILD_IMAGES), SourceLocation.UNKNOWN),
              new Stage("test", List.of(ServiceAction.RUN_TESTS), SourceLocation.UNKNOWN),
              new Stage("deploy", List.of(ServiceAction.DEPLOY), SourceLocation.UNKNOWN)),
          false);

  public Pipeline {
    stages = List.copyOf(stages);
  }

  /** The {@code run} of {@code service} in stage {@code stage}; validation allows one per service and stage. */
  public Optional<OneOffRun> run(String stage, String service) {
    return stages.stream()
        .filter(s -> s.name().equals(stage))
        .flatMap(s -> s.actions().stream())
        .filter(a -> a instanceof OneOffRun run && run.service().equals(service))
        .map(OneOffRun.class::cast)
        .findFirst();
  }
}
