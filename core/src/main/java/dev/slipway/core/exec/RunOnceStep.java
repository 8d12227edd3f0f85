package dev.slipway.core.exec;

import dev.slipway.core.plan.Step;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.OneOffRunner;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/** Runs a pipeline's one-off command once, with the release's rendering, and returns once it exited 0. */
public final class RunOnceStep implements StepAction {

  private final Supplier<ReleaseRecorder.Rendered> release;
  private final Lock applies;
  private final OneOffRunner target;
  private final OneOffRunner.OneOff run;
  private final DeployContext context;

  /**
   * @param release the release's rendering: recorded when the deploy applies services, else only rendered
   * @param applies held while it runs: a target may apply objects for it (a Kubernetes Job and
   *     what its pod reads), and a restore must wait for it, as for any apply
   */
  public RunOnceStep(Supplier<ReleaseRecorder.Rendered> release, Lock applies, OneOffRunner target, OneOffRunner.OneOff run, DeployContext context) {
    this.release = release;
    this.applies = applies;
    this.target = target;
    this.run = run;
    this.context = context;
  }

  @Override
  public String run(Step step) throws InterruptedException {
    applies.lockInterruptibly();
    try {
      ReleaseRecorder.Rendered rendered = release.get();
      target.runOnce(rendered.rendering(), rendered.request(), run, context);
      return "`" + run.command() + "` exited 0 (" + rendered.request().imageOf(run.service()) + ")";
    } finally {
      applies.unlock();
    }
  }
}
