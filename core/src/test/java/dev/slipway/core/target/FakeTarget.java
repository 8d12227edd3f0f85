package dev.slipway.core.target;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import java.util.List;

/** A target that accepts every setting and renders nothing, for tests that need {@link Targets}. */
public record FakeTarget(String type) implements Target {

  /** Targets with one fake per type, e.g. {@code FakeTarget.installed("compose")}. */
  public static Targets installed(String... types) {
    return new Targets(List.of(types).stream().map(t -> (Target) new FakeTarget(t)).toList());
  }

  @Override
  public List<Problem> validate(TargetSpec spec) {
    return List.of();
  }

  @Override
  public Rendering render(RenderRequest request) {
    return new Rendering(List.of());
  }
}
