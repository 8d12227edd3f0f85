package dev.slipway.cli;

import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.target.DeployContext;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of the commands that talk to a live target. */
final class TargetOptions {

  @Option(names = "--compose-cli", paramLabel = "COMMAND", description = "The Compose command to run, e.g. 'docker compose' or podman-compose (default: detected).")
  String composeCli;

  DeployContext context(Workspace workspace, Project project, Plan plan, EventListener events) {
    Map<String, String> environment = new LinkedHashMap<>(workspace.environment());
    if (composeCli != null) {
      environment.put("SLIPWAY_COMPOSE_CLI", composeCli);
    }
    return new DeployContext(workspace.stateDir(project).resolve("state").resolve(plan.environment().name()), environment, events);
  }
}
