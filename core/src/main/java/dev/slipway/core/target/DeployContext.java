package dev.slipway.core.target;

import dev.slipway.core.event.EventListener;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a target needs to change the world, besides the rendering: where the environment's state
 * lives, the deployer's environment variables (e.g. {@code DOCKER_HOST}), and where to report.
 *
 * @param stateDir {@code .slipway/state/<env>}: the target's local files, and the releases and the
 *     lock unless the target keeps them itself ({@link LiveTarget#state})
 */
public record DeployContext(Path stateDir, Map<String, String> environment, EventListener events) {
  public DeployContext {
    environment = Map.copyOf(environment);
  }
}
