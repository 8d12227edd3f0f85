package dev.slipway.compose;

import dev.slipway.compose.render.ComposeRenderer;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Target;
import java.util.List;

/**
 * Deploys an environment with Docker Compose (or a compatible CLI) on one host: {@code target
 * compose()} in a deploy script. Renders a single {@code compose.yaml}.
 */
public final class ComposeTarget implements Target {

  public static final String TYPE = "compose";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<Problem> validate(TargetSpec spec) {
    return ComposeSettings.problems(spec);
  }

  @Override
  public Rendering render(RenderRequest request) {
    ComposeSettings settings = ComposeSettings.of(request.environment().target());
    return new Rendering(List.of(new ComposeRenderer(settings.bind()).render(request)));
  }
}
