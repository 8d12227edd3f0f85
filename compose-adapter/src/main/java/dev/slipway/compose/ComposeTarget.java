package dev.slipway.compose;

import dev.slipway.compose.apply.ComposeDeployer;
import dev.slipway.compose.render.ComposeFileEdits;
import dev.slipway.compose.render.ComposeRenderer;
import dev.slipway.compose.render.ComposeServiceSettings;
import dev.slipway.compose.render.FrontProxy;
import dev.slipway.core.gc.EngineImages;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.LogSource;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deploys an environment with Docker Compose (or a compatible CLI) on one host: {@code target
 * compose()} in a deploy script. Renders a single {@code compose.yaml}.
 */
public final class ComposeTarget implements LiveTarget, LogSource, OneOffRunner {

  public static final String TYPE = "compose";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<Problem> validate(TargetSpec spec) {
    return ComposeSettings.problems(spec);
  }

  @Override
  public List<Problem> validate(ResolvedEnvironment environment) {
    List<Problem> problems = new ArrayList<>(ComposeServiceSettings.problems(environment));
    for (Service service : environment.services()) {
      if (FrontProxy.fronts(service)) {
        String name = FrontProxy.nameFor(service);
        environment.services().stream().filter(other -> other.name().equals(name)).forEach(clash -> problems.add(new Problem(clash.location(), FrontProxy.nameClash(service))));
      }
    }
    return problems;
  }

  @Override
  public Rendering render(RenderRequest request) {
    ComposeSettings settings = ComposeSettings.of(request.environment().target());
    return new Rendering(List.of(new ComposeRenderer(settings.bind()).render(request)));
  }

  @Override
  public void apply(Rendering rendering, RenderRequest request, List<String> order, DeployContext context) {
    deployer(request).apply(composeFile(rendering), request, order, context);
  }

  private static RenderedFile composeFile(Rendering rendering) {
    if (rendering.files().size() != 1) {
      throw new IllegalArgumentException("a Compose rendering is one compose.yaml, not " + rendering.files().size() + " files");
    }
    return rendering.files().get(0);
  }

  @Override
  public Rendering spliced(Rendering recorded, Rendering fresh, Set<String> services) {
    Optional<String> current = recorded.files().isEmpty() ? Optional.empty() : Optional.of(composeFile(recorded).content());
    return new Rendering(List.of(new RenderedFile(ComposeRenderer.FILE_NAME, ComposeFileEdits.spliced(current, composeFile(fresh).content(), services))));
  }

  @Override
  public Rendering scaled(Rendering recorded, Map<String, Integer> replicas) {
    return new Rendering(List.of(new RenderedFile(ComposeRenderer.FILE_NAME, ComposeFileEdits.scaled(composeFile(recorded).content(), replicas))));
  }

  @Override
  public void runOnce(Rendering rendering, RenderRequest request, OneOff run, DeployContext context) {
    deployer(request).runOnce(composeFile(rendering), request, run, context);
  }

  @Override
  public void preflight(RenderRequest request, Set<String> services, DeployContext context) {
    deployer(request).preflight(request, context);
  }

  @Override
  public TargetStatus status(RenderRequest request, DeployContext context) {
    return deployer(request).status(request, context);
  }

  @Override
  public String logs(RenderRequest request, Optional<String> service, int lines, DeployContext context) {
    return deployer(request).logs(request, service, lines, context);
  }

  @Override
  public void followLogs(RenderRequest request, Optional<String> service, int lines, DeployContext context, Consumer<String> sink) {
    deployer(request).followLogs(request, service, lines, context, sink);
  }

  /** The engine the Compose CLI drives: where it pulled every image the environment ran. */
  @Override
  public Optional<EngineImages> imageEngine(RenderRequest request, DeployContext context) {
    return Optional.of(deployer(request).engineImages(context));
  }

  @Override
  public void destroy(RenderRequest request, boolean volumes, DeployContext context) {
    deployer(request).destroy(request, volumes, context);
  }

  private static ComposeDeployer deployer(RenderRequest request) {
    return new ComposeDeployer(ComposeSettings.of(request.environment().target()));
  }
}
