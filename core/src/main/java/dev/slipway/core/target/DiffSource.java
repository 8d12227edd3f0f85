package dev.slipway.core.target;

import java.util.List;

/** A {@link LiveTarget} that can say, before a deploy, what applying a rendering would change. */
public interface DiffSource {

  /**
   * What applying {@code rendering} would change on the live target, one line per change, field
   * by field: {@code + kind/name} for a new object, {@code - kind/name} for one a deploy would
   * prune, {@code ~ kind/name field: old -> new} for a changed field. Changes nothing.
   */
  List<String> diff(Rendering rendering, RenderRequest request, DeployContext context);
}
