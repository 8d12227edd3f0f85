package dev.slipway.core.target;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import java.util.List;

/**
 * A place an environment deploys to. One implementation per kind of target; the engine never
 * knows which one it talks to.
 *
 * <p>Only {@link #render} is required today. The operations that change the world are declared
 * here so that adapters grow into them without reshaping the SPI; a target that lacks one says
 * so with {@link UnsupportedTargetOperation} rather than pretending to succeed.
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
  default List<Problem> validate(dev.slipway.core.plan.ResolvedEnvironment environment) {
    return List.of();
  }

  /** The files this target would apply, with no side effects. */
  Rendering render(RenderRequest request);

  /** What {@link #apply} would change on the live target. */
  default TargetDiff diff(RenderRequest request, DeployContext context) {
    throw new UnsupportedTargetOperation(type(), "diff");
  }

  /**
   * Makes the live target match {@code rendering}, service by service in {@code order}
   * (dependencies first), each one only after those before it are healthy.
   *
   * @param rendering what {@link #render} made of {@code request}, as the release recorded it: a
   *     target applies it as given and never renders again, so what runs is what was recorded
   * @throws TargetFailure with a one-line cause and the next step
   */
  default void apply(Rendering rendering, RenderRequest request, java.util.List<String> order, DeployContext context) {
    throw new UnsupportedTargetOperation(type(), "apply");
  }

  default TargetStatus status(RenderRequest request, DeployContext context) {
    throw new UnsupportedTargetOperation(type(), "status");
  }

  /** The last {@code lines} log lines of a service, or all services when {@code service} is empty. */
  default String logs(RenderRequest request, java.util.Optional<String> service, int lines, DeployContext context) {
    throw new UnsupportedTargetOperation(type(), "logs");
  }

  /**
   * The last {@code lines} log lines, then each new one as it is written, handed to {@code sink}
   * until the service stops or the calling thread is interrupted (Ctrl-C).
   */
  default void followLogs(
      RenderRequest request, java.util.Optional<String> service, int lines, DeployContext context, java.util.function.Consumer<String> sink) {
    throw new UnsupportedTargetOperation(type(), "logs --follow");
  }

  /** Removes what {@link #apply} created; persistent data only when {@code volumes} is set. */
  default void destroy(RenderRequest request, boolean volumes, DeployContext context) {
    throw new UnsupportedTargetOperation(type(), "destroy");
  }
}
