package dev.slipway.cli;

import dev.slipway.core.build.ContainerEngine;
import dev.slipway.core.build.DockerfileImageBuild;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.cache.CacheDirectory;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Environment;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.plan.Environments;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Planner;
import dev.slipway.core.plan.ServiceSelection;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.DiffSource;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.LogSource;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Target;
import dev.slipway.core.target.Targets;
import dev.slipway.core.validate.ModelValidator;
import dev.slipway.dsl.DeployScripts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The chain every command starts with: evaluate the script, validate the model, plan an
 * environment. Programs that use Slipway as a library start from {@link Slipway}, which wraps it.
 */
public final class Workspace {

  private final Targets targets;
  private final Map<String, String> environmentVariables;

  public Workspace(Targets targets, Map<String, String> environmentVariables) {
    this.targets = targets;
    this.environmentVariables = Map.copyOf(environmentVariables);
  }

  public static Workspace fromSystem() {
    return new Workspace(Targets.discover(), System.getenv());
  }

  /** Evaluates and validates; throws with every problem when the script is not usable. */
  public Project load(ScriptOptions script) {
    return load(script.file, script.variables, "", Map.of());
  }

  /**
   * @param targetSettings settings that replace those of {@code environment}'s target (from
   *     {@code --context}, {@code --namespace}); validated with the rest
   */
  public Project load(ScriptOptions script, String environment, Map<String, String> targetSettings) {
    return load(script.file, script.variables, environment, targetSettings);
  }

  Project load(java.nio.file.Path script, Map<String, String> variables, String environment, Map<String, String> targetSettings) {
    Project project = DeployScripts.evaluate(script, variables);
    if (!targetSettings.isEmpty() && project.environment(environment).isPresent()) {
      TargetSpec target = Environments.overridden(project, environment).target();
      Map<String, String> settings = new LinkedHashMap<>(target.settings());
      settings.putAll(targetSettings);
      Environment declared = project.environment(environment).get();
      project = project.withEnvironment(new Environment(declared.name(), declared.extendsFrom(),
          Optional.of(new TargetSpec(target.type(), settings, target.location())), declared.overrides(), declared.location()));
    }
    new ModelValidator(targets).check(project);
    return project;
  }

  /** Checks a project evaluated elsewhere (e.g. a script not written yet) with every rule {@link #load} applies. */
  public void check(Project project) {
    new ModelValidator(targets).check(project);
  }

  /**
   * @param requireSecrets whether every secret's source must exist now
   */
  public Plan plan(Project project, String environment, boolean requireSecrets) {
    // Where tests would run matters only to a plan that has tests; finding an engine may start a process.
    boolean hasTests = project.services().stream().anyMatch(s -> s.test().isPresent());
    String testRunner = hasTests ? TestStage.describeWhere(ContainerEngine.detect()) : "";
    String dockerfileEngine = buildsDockerfiles(project) ? DockerfileImageBuild.describeEngine(ContainerEngine.detectBuilder()) : "";
    return new Planner(new Planner.Options(secrets(project), requireSecrets, testRunner, dockerfileEngine)).plan(project, environment);
  }

  /** Whether a service of the project is built from its Dockerfile, with an engine that has to be found first. */
  static boolean buildsDockerfiles(Project project) {
    return project.services().stream().anyMatch(s -> s.dockerfile().isPresent());
  }

  /** The environment variables Slipway runs with (the process's own, or a test's). */
  public Map<String, String> environment() {
    return environmentVariables;
  }

  public SecretValues secrets(Project project) {
    return new SecretValues(environmentVariables, project.baseDir());
  }

  /**
   * What a live target gets besides the rendering: the environment's state directory and the
   * environment variables, through which each target reads its own knobs (e.g. {@code
   * SLIPWAY_COMPOSE_CLI}); the CLI has no options of any one target.
   */
  public DeployContext deployContext(Project project, Plan plan, EventListener events) {
    return deployContext(project, plan, events, DeployContext.Options.DEFAULTS);
  }

  public DeployContext deployContext(Project project, Plan plan, EventListener events, DeployContext.Options options) {
    return new DeployContext(stateDir(project).resolve("state").resolve(plan.environment().name()), environmentVariables, events, options);
  }

  /** Where {@code command} compares a rendering with what runs on the plan's target. */
  public DiffSource diffsFor(Plan plan, String command) {
    return targets.diffs(plan.environment().target(), command);
  }

  /**
   * Where the environment's releases and deploy lock live: wherever its target keeps them ({@link
   * LiveTarget#state}). A target that only renders has never deployed; its (empty) history is
   * in files, where every target keeps it unless it says otherwise.
   */
  public DeployState deployState(Plan plan, DeployContext context) {
    if (targetFor(plan) instanceof LiveTarget live) {
      return live.state(new RenderRequest(plan.environment(), plan.images(), Optional.empty()), context);
    }
    return DeployState.inFiles(context.stateDir());
  }

  /** The user's caches, by the rule of {@link CacheDirectory} applied to this workspace's environment variables. */
  public CacheDirectory caches() {
    return CacheDirectory.forUser(environmentVariables, java.nio.file.Path.of(System.getProperty("user.home")));
  }

  /** Where Slipway keeps state for a project (releases, the deploy lock): {@code .slipway/} next to the script. */
  public java.nio.file.Path stateDir(Project project) {
    return project.baseDir().resolve(".slipway");
  }

  /** Services named on the command line must exist in the plan's environment. */
  public void checkServices(Plan plan, java.util.List<String> names) {
    java.util.List<String> known = plan.environment().services().stream().map(s -> s.name()).toList();
    for (String name : names) {
      if (!known.contains(name)) {
        throw commandLineError(
            "no service '" + name + "' in environment '" + plan.environment().name() + "'"
                + dev.slipway.core.problem.Suggestions.didYouMean(name, known) + "; services: " + String.join(", ", known));
      }
    }
  }

  /**
   * The services a deploy of {@code named} changes ({@link ServiceSelection}), once each name is
   * one of the environment's and every secret those services need has its source here: what only
   * the others need may be missing, since they keep running as they are.
   *
   * @param named as given; none for the whole environment (whose secrets the plan already required)
   */
  public ServiceSelection selectForDeploy(Project project, Plan plan, java.util.List<String> named, boolean withDependencies) {
    checkServices(plan, named);
    if (withDependencies && named.isEmpty()) {
      throw commandLineError("--with-dependencies needs the services to deploy, e.g. slipway deploy --env " + plan.environment().name()
          + " --with-dependencies api");
    }
    ServiceSelection selection = ServiceSelection.of(plan.environment(), named, withDependencies);
    java.util.List<dev.slipway.core.problem.Problem> missing = Planner.missingSecrets(plan.environment(), secrets(project), selection::includes);
    if (!missing.isEmpty()) {
      throw new InvalidInputException(missing);
    }
    return selection;
  }

  /** A mistake in the command's arguments, reported as {@code command line: message} with the invalid-input exit code. */
  static InvalidInputException commandLineError(String message) {
    return new InvalidInputException(new SourceLocation("command line", 0, 0), message);
  }

  /** The adapter for the plan's target; validation guarantees one exists. */
  public Target targetFor(Plan plan) {
    return targets.forSpec(plan.environment().target()).orElseThrow();
  }

  /** The plan's target as {@code command} needs it: one that changes a running system. */
  public LiveTarget liveTargetFor(Plan plan, String command) {
    return targets.live(plan.environment().target(), command);
  }

  /**
   * A plan with one-off runs ({@code run service: ..., command: ...}) needs a target that can run
   * them: one that cannot is refused at its {@code target} line, before anything is built.
   */
  public void checkOneOffRuns(Plan plan, String command) {
    if (plan.steps().stream().anyMatch(step -> step.kind() == StepKind.RUN_ONCE)) {
      targets.oneOffRunner(plan.environment().target(), command);
    }
  }

  /** Where {@code command} reads the plan's target's logs. */
  public LogSource logsFor(Plan plan, String command) {
    return targets.logs(plan.environment().target(), command);
  }
}
