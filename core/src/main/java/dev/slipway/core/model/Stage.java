package dev.slipway.core.model;

import java.util.List;

/** A named pipeline stage; stages run in order and each waits for the one before it. */
public record Stage(String name, List<StageAction> actions, SourceLocation location) {
  public Stage {
    actions = List.copyOf(actions);
  }
}
