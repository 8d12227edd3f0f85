package dev.slipway.cli;

import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.exec.DeployRun;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.ServiceSelection;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.Targets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slipway as a library: a loaded deploy script that plans, renders and deploys its environments
 * as the {@code slipway} command does, with the targets found on the class path. Nothing is
 * printed: a deploy reports through the {@link EventListener} it is given.
 *
 * <pre>{@code
 * Slipway slipway = Slipway.load(Path.of("examples/hello-flask/deploy.groovy"));
 * Plan plan = slipway.plan("dev");
 * slipway.render("dev").writeTo(Path.of("build/hello-flask-dev"));
 * DeployRun.Outcome outcome = slipway.deploy("dev", Slipway.Images.LOAD_INTO_ENGINE, event -> log(event));
 * }</pre>
 *
 * <p>Invalid input (the script, a setting, a secret without a source) is an {@link
 * InvalidInputException} whose problems name {@code file:line:column}; a deploy lock held by
 * someone else is a {@link dev.slipway.core.state.LockHeld}; a target that does not answer before
 * the deploy starts is a {@link dev.slipway.core.target.TargetFailure}. What fails once the deploy
 * runs is in its {@link DeployRun.Outcome}.
 */
public final class Slipway {

  /** Where a deploy puts the images it builds. */
  public enum Images {
    /** Into the script's {@code registry}, as {@code slipway deploy} does. */
    PUSH_TO_REGISTRY,
    /** Into the local podman or docker, as {@code slipway deploy --to-engine} does. */
    LOAD_INTO_ENGINE
  }

  private final Workspace workspace;
  private final Project project;

  private Slipway(Workspace workspace, Project project) {
    this.workspace = workspace;
    this.project = project;
  }

  /** Evaluates and validates the script, with no {@code --set} settings. */
  public static Slipway load(Path script) {
    return load(script, Map.of());
  }

  /**
   * @param settings what {@code --set key=value} gives the script
   * @throws InvalidInputException with every problem of the script
   */
  public static Slipway load(Path script, Map<String, String> settings) {
    return load(script, settings, System.getenv());
  }

  /**
   * @param environmentVariables what the targets and secrets read in place of the process's own
   *     environment ({@code DOCKER_HOST}, {@code SLIPWAY_COMPOSE_CLI}, {@code KUBECONFIG}, a
   *     secret's {@code fromEnv})
   */
  public static Slipway load(Path script, Map<String, String> settings, Map<String, String> environmentVariables) {
    Workspace workspace = new Workspace(Targets.discover(), environmentVariables);
    return new Slipway(workspace, workspace.load(script, settings, "", Map.of()));
  }

  /** The evaluated model: services, environments, pipeline. */
  public Project project() {
    return project;
  }

  /** What {@code slipway plan --env ENVIRONMENT} shows ({@link dev.slipway.core.plan.PlanText} prints it the same way). */
  public Plan plan(String environment) {
    return workspace.plan(project, environment, false);
  }

  /** What {@code slipway render --env ENVIRONMENT} writes: secret values are placeholders. */
  public Rendering render(String environment) {
    Plan plan = plan(environment);
    return workspace.targetFor(plan).render(new RenderRequest(plan.environment(), plan.images(), Optional.empty()));
  }

  /**
   * What {@code slipway deploy --env ENVIRONMENT} does, every stage of the pipeline, under the
   * environment's lock: a failed release restores the previous one, and Ctrl-C or SIGTERM of
   * this JVM during the deploy restores it too (through a shutdown hook, removed afterwards).
   */
  public DeployRun.Outcome deploy(String environment, Images images, EventListener events) throws InterruptedException {
    return deploy(environment, List.of(), images, events);
  }

  /**
   * What {@code slipway deploy --env ENVIRONMENT SERVICE...} does: only {@code services} are
   * built, tested and deployed, onto the environment's current release, after checking that what
   * they depend on runs and is healthy; the release records that it changed only them.
   *
   * @param services none for the whole environment
   */
  public DeployRun.Outcome deploy(String environment, List<String> services, Images images, EventListener events) throws InterruptedException {
    Plan plan = workspace.plan(project, environment, services.isEmpty());
    workspace.checkOneOffRuns(plan, "deploy");
    ServiceSelection selection = workspace.selectForDeploy(project, plan, services, false);
    BuildOptions build = BuildOptions.defaults(images == Images.LOAD_INTO_ENGINE);
    CacheDirectory caches = workspace.caches();
    DeployRun.Options options =
        new DeployRun.Options(
            build.buildStage(project, caches), build.testStage(project, caches), new LinkedHashSet<>(plan.stages()), true,
            Runtime.getRuntime().availableProcessors(), selection);
    // What the target opened for the deploy (an engine service started for it) ends with it.
    try (DeployContext context = workspace.deployContext(project, plan, events)) {
      return new DeployRun(options, events).run(project, plan, workspace.liveTargetFor(plan, "deploy"), context);
    }
  }
}
