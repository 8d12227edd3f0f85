package dev.slipway.core.exec;

import dev.slipway.core.build.BuildStage;
import dev.slipway.core.build.TestStage;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Project;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.Step;
import dev.slipway.core.plan.StepKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The build stage, and optionally the test stage, on their own ({@code slipway build}, {@code
 * slipway test}): the same steps a deploy runs, on the same executor, with no lock and no release.
 */
public final class BuildRun {

  /** What the run did, and the images it built. */
  public record Outcome(Executor.Result steps, Map<String, BuildStage.Built> built) {
    public Outcome {
      built = Map.copyOf(built);
    }

    public boolean succeeded() {
      return steps.succeeded();
    }
  }

  private final BuildStage.Options build;
  private final Optional<TestStage.Options> test;
  private final int parallelism;
  private final EventListener events;

  /** @param test how to run tests; empty builds only */
  public BuildRun(BuildStage.Options build, Optional<TestStage.Options> test, int parallelism, EventListener events) {
    this.build = build;
    this.test = test;
    this.parallelism = parallelism;
    this.events = events;
  }

  /** @param services only these (empty: every service the plan builds) */
  public Outcome run(Project project, Plan plan, Set<String> services) throws InterruptedException {
    List<Step> steps = plan.steps().stream()
        .filter(s -> s.kind() == StepKind.BUILD_IMAGE || (test.isPresent() && s.kind() == StepKind.RUN_TESTS))
        .filter(s -> services.isEmpty() || services.contains(s.service()))
        .toList();
    BuildAndTest stages = new BuildAndTest(project, plan, BuildAndTest.servicesOf(steps), build, test, events);
    Executor.Result result = new Executor(parallelism, events).run(steps, step -> stages.action(step).orElseThrow());
    return new Outcome(result, stages.built());
  }
}
