package dev.slipway.cli;

import dev.slipway.core.exec.ReleaseCheckup;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The commands that look at or change a deployed environment, after {@code deploy}: they reach its target and its releases. */
abstract class DeployedEnvironmentCommand extends EnvironmentCommand {

  DeployContext context;
  /** The environment's releases and lock, wherever its target keeps them. */
  DeployState state;

  /** What the target opened for the command (an engine service started for it) ends with the command. */
  @Override
  final Integer execute(Workspace workspace) throws Exception {
    try (DeployContext opened = workspace.deployContext(project, plan, printer(eventsOut(), false), applyOptions())) {
      context = opened;
      state = workspace.deployState(plan, context);
      ReleaseCheckup.run(state, context.events());
      return run(workspace);
    }
  }

  abstract Integer run(Workspace workspace) throws Exception;

  /** Where warnings and progress go: standard output, unless the command writes a document there. */
  java.io.PrintWriter eventsOut() {
    return out();
  }

  /** How the command applies to the target; only the commands that apply anything take options for it. */
  DeployContext.Options applyOptions() {
    return DeployContext.Options.DEFAULTS;
  }

  ReleaseStore releases() {
    return state.releases();
  }

  /** What is deployed now: the last successful release's images, else the plan's. */
  RenderRequest current() {
    Optional<Release> last = releases().lastSucceeded(-1);
    Map<String, String> images = new LinkedHashMap<>(plan.images());
    last.ifPresent(r -> images.putAll(r.images()));
    return new RenderRequest(plan.environment(), images, Optional.empty());
  }

  List<String> deployOrder() {
    return plan.steps().stream().filter(s -> s.kind() == StepKind.DEPLOY).map(Step::service).toList();
  }
}
