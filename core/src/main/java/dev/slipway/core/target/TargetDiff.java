package dev.slipway.core.target;

import java.util.List;

/** Changes an apply would make, one readable line each; empty when the target is up to date. */
public record TargetDiff(List<String> changes) {
  public TargetDiff {
    changes = List.copyOf(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
