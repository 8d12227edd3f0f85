package dev.slipway.k8s.render;

import static dev.slipway.core.model.TestModel.HERE;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.ShopProject;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.RenderRequest;
import java.util.Map;
import java.util.Optional;

/** The shared shop fixture ({@link ShopProject}) on a Kubernetes target. */
final class RichProject {

  static final TargetSpec KUBERNETES = new TargetSpec("kubernetes", Map.of(), HERE);
  static final String NAMESPACE = "shop-dev";
  static final String DB_PASSWORD_VARIABLE = ShopProject.DB_PASSWORD_VARIABLE;

  private RichProject() {}

  static ResolvedEnvironment environment() {
    return ShopProject.environment(KUBERNETES);
  }

  static RenderRequest request() {
    return request(Optional.empty());
  }

  static RenderRequest request(Optional<SecretValues> secrets) {
    return ShopProject.request(environment(), secrets);
  }
}
