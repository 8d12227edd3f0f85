package dev.slipway.core.target;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import java.util.List;

/**
 * A place an environment deploys to, as far as every target goes: it checks its settings and
 * renders files, with no side effects. A target that can also change a running system implements
 * {@link LiveTarget} too, and {@link LogSource} when it can show logs; callers find those through
 * {@link Targets#live} and {@link Targets#logs} rather than calling methods that would throw.
 *
 * <p>Targets are found with {@link java.util.ServiceLoader}: a new one is a jar with a {@code
 * META-INF/services/dev.slipway.core.target.Target} entry, and {@code target <type>(...)} in a
 * script reaches it with no change to the DSL, the CLI or core.
 */
public interface Target {

  /** The word used in a deploy script, e.g. {@code compose} for {@code target compose()}. */
  String type();

  default boolean supports(TargetSpec spec) {
    return type().equals(spec.type());
  }

  /** Problems with the target's own settings, each located where the script wrote them. */
  List<Problem> validate(TargetSpec spec);

  /**
   * Problems with an environment's services that only this target has (a name it reserves, say),
   * each located where the script wrote them.
   */
  default List<Problem> validate(ResolvedEnvironment environment) {
    return List.of();
  }

  /** The files this target would apply, with no side effects. */
  Rendering render(RenderRequest request);
}
