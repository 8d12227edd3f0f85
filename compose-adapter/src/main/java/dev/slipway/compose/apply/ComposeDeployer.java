package dev.slipway.compose.apply;

import dev.slipway.compose.ComposeSettings;
import dev.slipway.compose.render.ComposeFileEdits;
import dev.slipway.core.gc.EngineImages;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.TargetStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The live operations of {@code ComposeTarget}, each with the Compose CLI that {@code
 * compose(cli:)}, {@code SLIPWAY_COMPOSE_CLI} or detection chooses, on the environment's project
 * and its {@link CurrentComposeFile}.
 */
public final class ComposeDeployer {

  private final ComposeSettings settings;

  public ComposeDeployer(ComposeSettings settings) {
    this.settings = settings;
  }

  /** Writes {@code rendered} to the state directory, then hands it to {@link ComposeApply}. */
  public void apply(RenderedFile rendered, RenderRequest request, List<String> order, DeployContext context) {
    ComposeProject project = new ComposeProject(cli(context), request.environment(), CurrentComposeFile.write(context.stateDir(), rendered.content()));
    new ComposeApply(project, settings.bind(), new HealthWait(project, context.events()), context.events()).apply(order, ComposeFileEdits.replicas(rendered.content()));
  }

  /** Runs a one-off command with {@code rendered}, the release's compose file: see {@link ComposeRunOnce}. */
  public void runOnce(RenderedFile rendered, RenderRequest request, OneOffRunner.OneOff run, DeployContext context) {
    ComposeCli cli = cli(context);
    ComposeProject project = new ComposeProject(cli, request.environment(), ComposeRunOnce.write(context.stateDir(), rendered.content()));
    new ComposeRunOnce(cli, context.events()).run(project, run);
  }

  /** Checks what would fail {@link #apply} at once: see {@link ComposePreflight}. */
  public void preflight(RenderRequest request, DeployContext context) {
    new ComposePreflight(cli(context), request.environment(), settings.bind(), context.events()).check();
  }

  public TargetStatus status(RenderRequest request, DeployContext context) {
    return new ComposeStatusReader(project(request, context)).read(request);
  }

  public String logs(RenderRequest request, Optional<String> service, int lines, DeployContext context) {
    return new ComposeLogs(project(request, context)).tail(service, lines);
  }

  public void followLogs(RenderRequest request, Optional<String> service, int lines, DeployContext context, Consumer<String> sink) {
    new ComposeLogs(project(request, context)).follow(service, lines, sink);
  }

  public void destroy(RenderRequest request, boolean volumes, DeployContext context) {
    ComposeDown.run(cli(context), request.environment(), volumes);
  }

  /** The container engine's own CLI, against the engine the Compose CLI drives (through the socket found for the command). */
  public EngineImages engineImages(DeployContext context) {
    ComposeCli cli = cli(context);
    return new EngineImages(cli.engineCommand(), cli.environment());
  }

  /**
   * The Compose CLI, pointed at the engine socket that {@link EngineSocket} finds, or starts, once
   * per command: the socket lives in the command's {@link DeployContext#resources()}, which end
   * with the command.
   */
  private ComposeCli cli(DeployContext context) {
    ComposeCli cli = ComposeCli.choose(settings.cli(), context.environment());
    if (!cli.needsEngineSocket()) {
      return cli;
    }
    return cli.through(context.resources().open(EngineSocket.class, EngineSocket.class, () -> EngineSocket.find(context.environment())));
  }

  private ComposeProject project(RenderRequest request, DeployContext context) {
    return new ComposeProject(cli(context), request.environment(), CurrentComposeFile.in(context.stateDir()));
  }
}
