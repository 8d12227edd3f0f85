package dev.slipway.core.exec;

import dev.slipway.core.plan.Step;

/** What a step does when the executor runs it. */
@FunctionalInterface
public interface StepAction {

  /**
   * @return a one-line detail for the finished event, e.g. the pushed digest
   * @throws UpToDate when there was nothing to do
   * @throws Exception anything else fails the step; its message is the one line users see
   */
  String run(Step step) throws Exception;

  /** Thrown by an action that found its result already in place. */
  final class UpToDate extends Exception {
    public UpToDate(String detail) {
      super(detail, null, false, false);
    }
  }
}
