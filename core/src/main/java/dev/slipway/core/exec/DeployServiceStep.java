package dev.slipway.core.exec;

import dev.slipway.core.plan.Step;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import java.util.List;
import java.util.concurrent.locks.Lock;

/** Applies one service of the release being recorded, and returns once it is healthy. */
public final class DeployServiceStep implements StepAction {

  private final ReleaseRecorder recorder;
  private final LiveTarget target;
  private final String service;
  private final DeployContext context;

  public DeployServiceStep(ReleaseRecorder recorder, LiveTarget target, String service, DeployContext context) {
    this.recorder = recorder;
    this.target = target;
    this.service = service;
    this.context = context;
  }

  @Override
  public String run(Step step) throws InterruptedException {
    Lock applies = target.appliesConcurrently() ? recorder.concurrentApplies() : recorder.applies();
    applies.lockInterruptibly();
    try {
      ReleaseRecorder.Recorded release = recorder.recorded();
      target.apply(release.rendering(), release.request(), List.of(service), context);
      return "healthy (" + release.request().imageOf(service) + ")";
    } finally {
      applies.unlock();
    }
  }
}
