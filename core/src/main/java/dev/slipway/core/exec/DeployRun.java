package dev.slipway.core.exec;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.SourceRevision;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.OneOffRun;
import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.ServiceSelection;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A whole deploy of one environment: under its lock, the plan's build, test and deploy steps on
 * the {@link Executor}, a recorded release, and, when a deploy step fails, the previous
 * successful release restored. The same run serves every target.
 */
public final class DeployRun {

  /**
   * @param stages the plan's stages to run (after --only / --skip)
   * @param rollback restore the last successful release when this one fails
   */
  public record Options(
      BuildStage.Options build, TestStage.Options test, Set<String> stages, boolean rollback, int parallelism, ServiceSelection selection) {

    /** A deploy of the whole environment. */
    public Options(BuildStage.Options build, TestStage.Options test, Set<String> stages, boolean rollback, int parallelism) {
      this(build, test, stages, rollback, parallelism, ServiceSelection.WHOLE_ENVIRONMENT);
    }
  }

  /** What the run did. */
  public record Outcome(Executor.Result steps, Optional<Release> release, Optional<Integer> restored) {
    public boolean succeeded() {
      return steps.succeeded();
    }
  }

  /**
   * Where a run's handler for Ctrl-C and SIGTERM goes while it runs: the JVM's shutdown hooks, or
   * a test's hand.
   */
  interface SignalHooks {
    void add(Thread hook);

    void remove(Thread hook);
  }

  private static final SignalHooks SHUTDOWN_HOOKS = new SignalHooks() {
    @Override
    public void add(Thread hook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void remove(Thread hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run, and ends the release itself
      }
    }
  };

  private final Options options;
  private final EventListener events;
  private final SignalHooks signals;

  public DeployRun(Options options, EventListener events) {
    this(options, events, SHUTDOWN_HOOKS);
  }

  DeployRun(Options options, EventListener events, SignalHooks signals) {
    this.options = options;
    this.events = events;
    this.signals = signals;
  }

  public Outcome run(Project project, Plan wholePlan, LiveTarget target, DeployContext context) throws InterruptedException {
    ServiceSelection selection = options.selection();
    Plan plan = selection.apply(wholePlan);
    DeployState state = target.state(new RenderRequest(plan.environment(), plan.images(), Optional.empty()), context);
    EnvironmentLock lock = state.lock();
    List<Step> steps = renderingStepsAfterBuilds(plan.steps().stream().filter(s -> options.stages().contains(s.stage())).toList());
    List<String> deployOrder = steps.stream().filter(s -> s.kind() == StepKind.DEPLOY).map(Step::service).toList();
    Executor executor = new Executor(options.parallelism(), events);
    // Ctrl-C or SIGTERM: finally-blocks do not run then, so the hook ends the release and gives the lock back.
    Interruption interruption =
        new Interruption(plan, target, context, state.releases(), executor, lock, deployOrder, options.rollback(), events, Interruption.RESTORE_DEADLINE);
    Thread onSignal = new Thread(interruption, "slipway-deploy-interrupted");
    signals.add(onSignal);
    try {
      ReleaseCheckup.run(state, events);
      ReleaseStore store = state.releases();
      // What a selection is spliced onto; what it depends on must run there, checked before anything is built.
      Optional<Release> current = store.current();
      if (steps.stream().anyMatch(DeployRun::usesTarget)) {
        RunningDependencies.check(selection, plan, current, target, context);
        warnScaledCountsReplaced(plan, selection, current);
        // An engine that is down or a port that is taken would otherwise show only after build and test.
        target.preflight(new RenderRequest(plan.environment(), plan.images(), Optional.empty()), Set.copyOf(deployOrder), context);
      }
      BuildAndTest stages = new BuildAndTest(project, plan, BuildAndTest.servicesOf(steps), options.build(), Optional.ofNullable(options.test()), events);
      ReleaseRecorder recorder = new ReleaseRecorder(store, target, plan.environment(), () -> stages.images(plan),
          SourceRevision.of(project.baseDir()).map(SourceRevision::shortSha), selection, current);
      interruption.recording(recorder);
      Executor.Result result;
      try {
        result = executor.run(steps, step -> stages.action(step).orElseGet(() -> step.kind() == StepKind.RUN_ONCE
            ? runOnceStep(project, plan, step, recorder, !deployOrder.isEmpty(), target, context)
            : new DeployServiceStep(recorder, target, step.service(), context)));
      } catch (InterruptedException e) {
        // Whoever interrupted this thread wants the deploy stopped, as a signal does.
        interruption.run();
        throw e;
      }
      if (!interruption.claimForRun()) {
        interruption.awaitEnd();
        return new Outcome(result, recorder.started().flatMap(r -> store.find(r.number())), interruption.restored());
      }
      return finish(result, plan, target, context, store, recorder, steps, deployOrder);
    } finally {
      // Anything that ends the run from here on is the run's own: a signal then only waits for the lock.
      if (interruption.claimForRun()) {
        lock.close();
      }
      interruption.runEnded();
      signals.remove(onSignal);
    }
  }

  /**
   * The script stays the truth about how many copies run: a deploy that includes a service scaled
   * with {@code slipway scale} applies the script's {@code replicas} again, and says what it replaces.
   */
  private void warnScaledCountsReplaced(Plan plan, ServiceSelection selection, Optional<Release> current) {
    current.ifPresent(release -> release.scaled().forEach((service, count) -> {
      if (selection.includes(service)) {
        plan.environment().services().stream().filter(s -> s.name().equals(service)).findFirst().ifPresent(s -> events.on(new Event.Warning(Instant.now(),
            "service '" + service + "' runs " + count + " copies set by slipway scale; this deploy applies the script's replicas (" + s.replicas()
                + ") again: change replicas in the script to keep " + count)));
      }
    }));
  }

  /** Records how the run's release ended; a failed one is undone when rollback is on and there is a release to go back to. */
  private Outcome finish(Executor.Result result, Plan plan, LiveTarget target, DeployContext context, ReleaseStore store, ReleaseRecorder recorder,
      List<Step> steps, List<String> deployOrder) {
    Optional<Release> started = recorder.started();
    if (started.isEmpty()) {
      return new Outcome(result, Optional.empty(), Optional.empty());
    }
    // A run that fails after the deploy (a migration, say) fails the release like a service that fails its check.
    if (steps.stream().filter(DeployRun::usesTarget).allMatch(step -> isGood(result.states().get(step.id())))) {
      ReleaseRecorder.Recorded recorded = recorder.recorded();
      pruneQuietly(target, recorded.rendering(), recorded.request(), context);
      return new Outcome(result, Optional.of(recorder.finish(Release.SUCCEEDED, "")), Optional.empty());
    }
    String cause = result.details().entrySet().stream()
        .filter(e -> result.states().get(e.getKey()) == Event.StepState.FAILED).map(Map.Entry::getValue).findFirst().orElse("a step failed");
    Optional<Release> previous;
    try {
      previous = options.rollback() ? store.current() : Optional.empty();
      if (previous.isEmpty()) {
        return new Outcome(result, Optional.of(recorder.finish(Release.FAILED, cause)), Optional.empty());
      }
    } catch (TargetFailure lost) {
      throw unrecorded(started.get(), cause, lost);
    }
    events.on(new Event.Warning(Instant.now(), "release " + started.get().number() + " failed; restoring release " + previous.get().number()));
    try {
      restore(plan, target, context, store, previous.get(), deployOrder);
    } catch (TargetFailure e) {
      try {
        recorder.finish(Release.FAILED, cause + "; " + e.getMessage());
      } catch (TargetFailure lost) {
        throw unrecorded(started.get(), cause, lost);
      }
      throw e;
    }
    Release failed = recorder.finish(Release.FAILED, cause + " (rolled back to release " + previous.get().number() + ")");
    return new Outcome(result, Optional.of(failed), Optional.of(previous.get().number()));
  }

  /**
   * Applies an earlier release again exactly as it recorded it: its rendered files and its images,
   * never a new render of today's script (whose settings may be what broke the newer release).
   * Services the release ran that today's script no longer has are not restored; the warning
   * names them.
   *
   * @param releases where {@code release} is recorded: the target's {@link LiveTarget#state}
   * @param order today's dependency order of the services to restore (all, or those a partial release changed); the release's
   *     services among them are applied in it
   * @return what was applied, for a release that records it
   */
  public static Rendering restore(Plan plan, LiveTarget target, DeployContext context, ReleaseStore releases, Release release, List<String> order) {
    Rendering recorded = releases.rendering(release.number()).orElseThrow(() -> new TargetFailure(
        "release " + release.number() + " has no recorded files to restore (" + releases.where(release.number())
            + " is incomplete): deploy a known good revision instead", false));
    Map<String, String> images = new LinkedHashMap<>(plan.images());
    images.putAll(release.images());
    List<String> restored = order.stream().filter(release.images()::containsKey).toList();
    // Judged by the script, not by order: a restore of some services (a partial release's) leaves the others out of order on purpose.
    List<String> defined = plan.environment().services().stream().map(Service::name).toList();
    List<String> gone = release.images().keySet().stream().filter(service -> !defined.contains(service)).sorted().toList();
    if (!gone.isEmpty()) {
      context.events().on(new Event.Warning(Instant.now(), "release " + release.number() + " also ran " + String.join(", ", gone)
          + ", which the script no longer defines: not restored"));
    }
    RenderRequest request = new RenderRequest(plan.environment(), images, Optional.empty());
    try {
      target.apply(recorded, request, restored, context);
      pruneQuietly(target, recorded, request, context);
      return recorded;
    } catch (TargetFailure e) {
      throw new TargetFailure("restoring release " + release.number() + " failed too: " + e.getMessage(), e.unreachable());
    }
  }

  /**
   * {@code slipway rollback}: release {@code chosen}'s recorded files applied again, as a new
   * release, for every service that a release after it changed ({@link ReleaseStore#changedAfter});
   * the others run as {@code chosen} had them already and are left alone. The caller holds the lock.
   *
   * @param order today's dependency order of every service
   * @return the new release, succeeded, recording the services it restored
   */
  public static Release rollback(Plan plan, LiveTarget target, DeployContext context, ReleaseStore releases, Release chosen, List<String> order) {
    Set<String> changed = releases.changedAfter(chosen.number());
    List<String> restored = order.stream().filter(service -> changed.isEmpty() || changed.contains(service)).toList();
    Rendering applied = restore(plan, target, context, releases, chosen, restored);
    // Its files are chosen's, so are the counts that scale had set in them.
    Release started = releases.start(chosen.revision(), chosen.images(), applied, new Release.Change(changed, chosen.scaled(), false));
    Release done = started.finished(Release.SUCCEEDED, "rollback to release " + chosen.number());
    releases.save(done);
    return done;
  }

  /**
   * Where releases are kept in the target itself (a cluster), a target that stopped answering
   * cannot be told how the release ended either: the release stays in progress, and the user
   * learns what the next command will make of it.
   */
  private static TargetFailure unrecorded(Release started, String cause, TargetFailure lost) {
    return new TargetFailure(cause + "; release " + started.number() + " could not be recorded as failed (" + lost.getMessage()
        + "): it stays in progress until the target answers, then the next deploy, status or history marks it interrupted;"
        + " what runs is what the target had applied by then (see slipway status)", true);
  }

  /**
   * What runs is healthy by now, so a failed clean-up must not fail the release: it is named, and
   * the next deploy prunes again.
   */
  private static void pruneQuietly(LiveTarget target, Rendering rendering, RenderRequest request, DeployContext context) {
    try {
      target.prune(rendering, request, context);
    } catch (TargetFailure e) {
      context.events().on(new Event.Warning(Instant.now(), "objects the release no longer defines were not all removed: " + e.getMessage()
          + "; the next deploy tries again"));
    }
  }

  /**
   * The release is rendered once, at the first deploy or run step, so every image it names must
   * be built by then: each such step also waits for every build step before it. Across stages the
   * executor already ensures this; within one stage ({@code buildImages(); deploy()}) it would not.
   */
  static List<Step> renderingStepsAfterBuilds(List<Step> steps) {
    List<Step> ordered = new ArrayList<>();
    List<String> builds = new ArrayList<>();
    for (Step step : steps) {
      if (step.kind() == StepKind.BUILD_IMAGE) {
        builds.add(step.id());
        ordered.add(step);
      } else if (usesTarget(step)) {
        ordered.add(step.withAfter(builds));
      } else {
        ordered.add(step);
      }
    }
    return ordered;
  }

  /** Steps that render the release and act on the target with it. */
  private static boolean usesTarget(Step step) {
    return step.kind() == StepKind.DEPLOY || step.kind() == StepKind.RUN_ONCE;
  }

  /**
   * @param deploys whether the run applies services: then a run is part of the release, which it
   *     starts when it comes first; else it runs with the rendering alone, and no release is recorded
   */
  private static StepAction runOnceStep(Project project, Plan plan, Step step, ReleaseRecorder recorder, boolean deploys, LiveTarget target,
      DeployContext context) {
    if (!(target instanceof OneOffRunner runner)) {
      // The CLI refuses such a target at plan time; a library caller gets the same words here.
      throw new TargetFailure("target " + target.type() + "() cannot run one-off commands (" + step.id() + ")", false);
    }
    OneOffRun oneOff = project.pipeline().run(step.stage(), step.service()).orElseThrow();
    Service service = plan.environment().services().stream().filter(s -> s.name().equals(step.service())).findFirst().orElseThrow();
    Supplier<ReleaseRecorder.Rendered> release = deploys
        ? () -> {
          ReleaseRecorder.Recorded recorded = recorder.recorded();
          return new ReleaseRecorder.Rendered(recorded.request(), recorded.rendering());
        }
        : recorder::rendered;
    return new RunOnceStep(release, recorder.applies(), runner,
        new OneOffRunner.OneOff(step.stage(), step.service(), oneOff.command(), oneOff.deadline(service)), context);
  }

  private static boolean isGood(Event.StepState state) {
    return state == Event.StepState.SUCCEEDED || state == Event.StepState.UP_TO_DATE;
  }
}
