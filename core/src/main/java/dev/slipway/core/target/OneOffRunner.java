package dev.slipway.core.target;

import java.time.Duration;

/**
 * A {@link LiveTarget} that can run a command once in a service's image, with the service's
 * environment as the target gives it (env, secrets, volumes), and wait for it to exit: a
 * pipeline's {@code run service: ..., command: ...}.
 */
public interface OneOffRunner {

  /**
   * One run to make.
   *
   * @param stage the pipeline stage it belongs to; with {@code service}, what names it on the target
   * @param command a shell command line, run with {@code sh -c}
   * @param deadline how long it may take; past it, it is stopped and fails
   */
  record OneOff(String stage, String service, String command, Duration deadline) {}

  /**
   * Runs {@code run} once in the image {@code request} gives its service, with what {@code
   * rendering} gives that service, and returns once it has exited 0. Starts nothing else: what
   * the command talks to must already run.
   *
   * @param rendering the release's recorded rendering, as {@link LiveTarget#apply} gets it
   * @throws TargetFailure for a non-zero exit (with the exit code; the last output lines are
   *     reported as a warning event first), the deadline, or a target that cannot start it
   */
  void runOnce(Rendering rendering, RenderRequest request, OneOff run, DeployContext context);
}
