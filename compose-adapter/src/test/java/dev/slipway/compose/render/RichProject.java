package dev.slipway.compose.render;

import static dev.slipway.core.model.TestModel.HERE;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.ShopProject;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.RenderRequest;
import java.util.Map;
import java.util.Optional;

/** The shared shop fixture ({@link ShopProject}) on a Compose target. */
final class RichProject {

  static final TargetSpec COMPOSE = new TargetSpec("compose", Map.of(), HERE);
  static final String DB_PASSWORD_VARIABLE = ShopProject.DB_PASSWORD_VARIABLE;

  private RichProject() {}

  static ResolvedEnvironment environment(TargetSpec target) {
    return ShopProject.environment(target);
  }

  static RenderRequest request() {
    return request(environment(COMPOSE), Optional.empty());
  }

  static RenderRequest request(ResolvedEnvironment environment, Optional<SecretValues> secrets) {
    return ShopProject.request(environment, secrets);
  }
}
