package dev.slipway.core.target;

import dev.slipway.core.event.EventListener;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a target needs to change the world, besides the rendering: where the environment's state
 * lives, the deployer's environment variables (e.g. {@code DOCKER_HOST}), how the user asked it
 * to go about it, and where to report.
 *
 * @param stateDir {@code .slipway/state/<env>}: the target's local files, and the releases and the
 *     lock unless the target keeps them itself ({@link LiveTarget#state})
 * @param resources what the target opens for this command; {@link #close} closes them when the
 *     command ends
 */
public record DeployContext(Path stateDir, Map<String, String> environment, EventListener events, Options options, CommandResources resources)
    implements AutoCloseable {

  /**
   * Choices a user makes per command that a target may honour.
   *
   * @param prune remove what the environment's earlier releases created and this one no longer
   *     defines, once the release is healthy ({@code --no-prune} turns it off)
   * @param forceConflicts take over settings that another tool owns on the target instead of
   *     stopping at them ({@code --force-conflicts})
   */
  public record Options(boolean prune, boolean forceConflicts) {
    public static final Options DEFAULTS = new Options(true, false);
  }

  public DeployContext {
    environment = Map.copyOf(environment);
  }

  public DeployContext(Path stateDir, Map<String, String> environment, EventListener events, Options options) {
    this(stateDir, environment, events, options, new CommandResources());
  }

  public DeployContext(Path stateDir, Map<String, String> environment, EventListener events) {
    this(stateDir, environment, events, Options.DEFAULTS);
  }

  /** Ends the command: closes what targets opened for it (an engine service started for it is stopped). */
  @Override
  public void close() {
    resources.close();
  }
}
