package dev.slipway.compose.apply;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.target.TargetFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code compose down} of an environment's project, named by {@code -p} alone: Compose finds the
 * project's containers by their labels, so no compose file is needed.
 */
final class ComposeDown {

  private ComposeDown() {}

  /** @param volumes whether the project's volumes, its persistent data, go too */
  static void run(ComposeCli cli, ResolvedEnvironment environment, boolean volumes) {
    List<String> args = new ArrayList<>(List.of("-p", environment.qualifiedName(), "down", "--remove-orphans"));
    if (volumes) {
      args.add("--volumes");
    }
    ComposeCli.Result down = cli.run(environment.project().baseDir(), args, 300);
    if (!down.ok()) {
      throw new TargetFailure("could not remove " + environment.qualifiedName() + ": " + ComposeProject.lastLine(down.output())
          + ": check that the engine runs and DOCKER_HOST points at it, then run destroy again", ComposeCli.saysUnreachable(down.output()));
    }
  }
}
