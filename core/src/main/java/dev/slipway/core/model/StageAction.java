package dev.slipway.core.model;

/**
 * What a pipeline stage does: an action that becomes one step per service it applies to ({@link
 * ServiceAction}), or one command run once in one service's image ({@link OneOffRun}).
 */
public sealed interface StageAction permits ServiceAction, OneOffRun {

  /** The DSL word that adds this action to a stage. */
  String keyword();
}
