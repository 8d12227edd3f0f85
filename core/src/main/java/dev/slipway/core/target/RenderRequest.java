package dev.slipway.core.target;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.secret.SecretValues;
import java.util.Map;
import java.util.Optional;

/**
 * What a target needs to render an environment.
 *
 * @param images the image reference each service runs, keyed by service name
 * @param secrets secret values, present only when the user asked for them to be rendered
 *     ({@code render --include-secrets}); targets that can reference secrets by source ignore it
 */
public record RenderRequest(ResolvedEnvironment environment, Map<String, String> images, Optional<SecretValues> secrets) {
  public RenderRequest {
    images = Map.copyOf(images);
  }

  public String imageOf(String service) {
    String image = images.get(service);
    if (image == null) {
      throw new IllegalArgumentException("no image planned for service '" + service + "'");
    }
    return image;
  }
}
