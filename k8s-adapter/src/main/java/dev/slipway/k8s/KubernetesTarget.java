package dev.slipway.k8s;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Target;
import dev.slipway.k8s.render.KubernetesRenderer;
import java.util.List;

/**
 * Deploys an environment to a Kubernetes cluster: {@code target kubernetes()} in a deploy script.
 * Renders one manifest per object, in the order they can be applied.
 */
public final class KubernetesTarget implements Target {

  public static final String TYPE = "kubernetes";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<Problem> validate(TargetSpec spec) {
    return KubernetesSettings.problems(spec);
  }

  @Override
  public Rendering render(RenderRequest request) {
    KubernetesSettings settings = KubernetesSettings.of(request.environment().target());
    return new Rendering(new KubernetesRenderer(settings.namespaceFor(request.environment())).render(request));
  }
}
