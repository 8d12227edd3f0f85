package dev.slipway.core.exec;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.SourceRevision;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.TargetFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

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
  public record Options(BuildStage.Options build, TestStage.Options test, Set<String> stages, boolean rollback, int parallelism) {}

  /** What the run did. */
  public record Outcome(Executor.Result steps, Optional<Release> release, Optional<Integer> restored) {
    public boolean succeeded() {
      return steps.succeeded();
    }
  }

  private final Options options;
  private final EventListener events;

  public DeployRun(Options options, EventListener events) {
    this.options = options;
    this.events = events;
  }

  public Outcome run(Project project, Plan plan, LiveTarget target, DeployContext context) throws InterruptedException {
    DeployLock lock = DeployLock.acquire(context.stateDir().resolve("deploy.lock"));
    Executor executor = new Executor(options.parallelism(), events);
    // Ctrl-C or SIGTERM: start nothing more and give the lock back; finally-blocks do not run then.
    Thread onSignal = new Thread(() -> {
      executor.cancel();
      lock.close();
    }, "slipway-deploy-interrupted");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try (lock) {
      List<Step> steps = deployAfterBuilds(plan.steps().stream().filter(s -> options.stages().contains(s.stage())).toList());
      List<String> deployOrder = steps.stream().filter(s -> s.kind() == StepKind.DEPLOY).map(Step::service).toList();
      ReleaseStore store = new ReleaseStore(context.stateDir());
      Map<String, BuildStage.Built> built = new ConcurrentHashMap<>();
      Release[] release = new Release[1];
      // What the release recorded, rendered once at the first deploy step; every deploy step applies it.
      RenderRequest[] request = new RenderRequest[1];
      Rendering[] recorded = new Rendering[1];
      // Stages report through the executor; only their progress and warnings pass straight on.
      EventListener progressOnly = e -> {
        if (!(e instanceof Event.StepChanged)) {
          events.on(e);
        }
      };
      BuildStage buildStage = new BuildStage(options.build(), progressOnly);
      Set<String> toBuild = steps.stream().filter(s -> s.kind() == StepKind.BUILD_IMAGE).map(Step::service).collect(Collectors.toSet());
      if (!toBuild.isEmpty()) {
        // Every service's requirements resolve before any image is pushed or anything deployed.
        buildStage.resolveDependencies(project, plan, toBuild);
      }
      Executor.Result result =
          executor.run(steps, step -> switch (step.kind()) {
            case BUILD_IMAGE -> s -> {
              BuildStage.Built one = buildStage.run(project, plan, Set.of(s.service())).get(s.service());
              built.put(s.service(), one);
              if (one.image().upToDate()) {
                throw new StepAction.UpToDate(one.reference() + " is already in the " + options.build().destination().noun());
              }
              return one.reference();
            };
            case RUN_TESTS -> s -> {
              BuildStage.Built image = built.get(s.service());
              if (image == null) {
                throw new IllegalStateException("tests need the image of " + s.service() + ": run the build stage too");
              }
              TestStage.Outcome outcome =
                  new TestStage(options.test(), progressOnly).run(project, plan, Map.of(s.service(), image)).get(s.service());
              if (outcome.upToDate()) {
                throw new StepAction.UpToDate("passed before for this image and these tests");
              }
              return outcome.tests() + " tests passed";
            };
            case DEPLOY -> s -> {
              synchronized (release) {
                if (release[0] == null) {
                  request[0] = new RenderRequest(plan.environment(), images(plan, built), Optional.empty());
                  recorded[0] = target.render(request[0]);
                  release[0] = store.start(SourceRevision.of(project.baseDir()).map(SourceRevision::shortSha), request[0].images(), recorded[0]);
                }
                target.apply(recorded[0], request[0], List.of(s.service()), context);
                return "healthy (" + request[0].imageOf(s.service()) + ")";
              }
            };
          });
      if (release[0] == null) {
        return new Outcome(result, Optional.empty(), Optional.empty());
      }
      if (deployOrder.stream().allMatch(service -> isGood(result.states().get(StepKind.DEPLOY.idFor(service))))) {
        Release done = release[0].finished(Release.SUCCEEDED, "");
        store.save(done);
        return new Outcome(result, Optional.of(done), Optional.empty());
      }
      String cause = result.details().entrySet().stream()
          .filter(e -> result.states().get(e.getKey()) == Event.StepState.FAILED).map(Map.Entry::getValue).findFirst().orElse("a step failed");
      Optional<Release> previous = options.rollback() ? store.lastSucceeded(release[0].number()) : Optional.empty();
      if (previous.isPresent()) {
        events.on(new Event.Warning(Instant.now(), "release " + release[0].number() + " failed; restoring release " + previous.get().number()));
        restore(plan, target, context, previous.get(), deployOrder);
        Release failed = release[0].finished(Release.FAILED, cause + " (rolled back to release " + previous.get().number() + ")");
        store.save(failed);
        return new Outcome(result, Optional.of(failed), Optional.of(previous.get().number()));
      }
      Release failed = release[0].finished(Release.FAILED, cause);
      store.save(failed);
      return new Outcome(result, Optional.of(failed), Optional.empty());
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run; it released the lock
      }
    }
  }

  /**
   * Applies an earlier release's images again, in dependency order.
   *
   * @return what was applied, for a release that records it
   */
  public static Rendering restore(Plan plan, LiveTarget target, DeployContext context, Release release, List<String> order) {
    Map<String, String> images = new LinkedHashMap<>(plan.images());
    images.putAll(release.images());
    RenderRequest request = new RenderRequest(plan.environment(), images, Optional.empty());
    Rendering rendering = target.render(request);
    try {
      target.apply(rendering, request, order, context);
      return rendering;
    } catch (TargetFailure e) {
      throw new TargetFailure("restoring release " + release.number() + " failed too: " + e.getMessage(), e.unreachable());
    }
  }

  /**
   * The release is rendered once, at the first deploy step, so every image it names must be
   * built by then: each deploy step also waits for every build step before it. Across stages the
   * executor already ensures this; within one stage ({@code buildImages(); deploy()}) it would not.
   */
  static List<Step> deployAfterBuilds(List<Step> steps) {
    List<Step> ordered = new ArrayList<>();
    List<String> builds = new ArrayList<>();
    for (Step step : steps) {
      if (step.kind() == StepKind.BUILD_IMAGE) {
        builds.add(step.id());
        ordered.add(step);
      } else if (step.kind() == StepKind.DEPLOY) {
        Set<String> after = new LinkedHashSet<>(step.after());
        after.addAll(builds);
        ordered.add(new Step(step.id(), step.kind(), step.service(), step.stage(), step.summary(), step.reason(), step.inputs(), List.copyOf(after)));
      } else {
        ordered.add(step);
      }
    }
    return ordered;
  }

  private static Map<String, String> images(Plan plan, Map<String, BuildStage.Built> built) {
    Map<String, String> images = new LinkedHashMap<>(plan.images());
    built.forEach((service, image) -> images.put(service, image.reference()));
    return images;
  }

  private static boolean isGood(Event.StepState state) {
    return state == Event.StepState.SUCCEEDED || state == Event.StepState.UP_TO_DATE;
  }
}
