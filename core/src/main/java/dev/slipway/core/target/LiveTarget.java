package dev.slipway.core.target;

import dev.slipway.core.build.ContainerEngine;
import dev.slipway.core.gc.EngineImages;
import dev.slipway.core.state.DeployState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The side of a {@link Target} that changes and reads a running system: deploy, status, destroy. */
public interface LiveTarget extends Target {

  /**
   * Checks, before anything is built or started, what would fail a deploy of {@code request} only
   * at its first deploy step: the target answers and accepts this machine, and what the
   * environment claims on it (host ports, say) is free or already its own. A target with nothing
   * it can check in advance keeps this default.
   *
   * @param request the environment with the images the plan names; none of them need exist yet
   * @param services the services the deploy applies: all of the environment's, or those a deploy
   *     of some services names (the others keep running as they are, so what only they need, their
   *     secrets' values say, need not be on this machine)
   * @throws TargetFailure with a one-line cause and the next step; {@link TargetFailure#unreachable()}
   *     when the target could not be reached or refused access
   */
  default void preflight(RenderRequest request, Set<String> services, DeployContext context) {}

  /**
   * Where the environment's releases and deploy lock live. By default in files under {@link
   * DeployContext#stateDir()}, which only deploys from this machine share; a target that can keep
   * them itself (a Kubernetes cluster, in Secrets and a Lease) gives every machine that deploys to
   * it one history and one lock. Asking has no side effects: nothing is created until a release is
   * recorded or the lock taken.
   *
   * @param request only its environment matters: which project and environment, on which target
   */
  default DeployState state(RenderRequest request, DeployContext context) {
    return DeployState.inFiles(context.stateDir());
  }

  /**
   * Makes the live target match {@code rendering}, service by service in {@code order}
   * (dependencies first), each one only after those before it are healthy.
   *
   * @param rendering what {@link #render} made of {@code request}, as the release recorded it: a
   *     target applies it as given and never renders again, so what runs is what was recorded
   * @throws TargetFailure with a one-line cause and the next step
   */
  void apply(Rendering rendering, RenderRequest request, List<String> order, DeployContext context);

  /**
   * Called once every service of {@code rendering} is applied and healthy: removes what earlier
   * releases of the environment created that {@code rendering} no longer defines, when {@link
   * DeployContext.Options#prune()} asks for it. A target whose apply already leaves nothing
   * behind keeps this default.
   */
  default void prune(Rendering rendering, RenderRequest request, DeployContext context) {}

  /**
   * Whether services that do not depend on each other may be applied (and waited for) at the
   * same time. A target whose apply of one service reads state another's writes (one Compose
   * file for the whole environment) keeps the default, one apply at a time.
   */
  default boolean appliesConcurrently() {
    return false;
  }

  /**
   * The rendering of a release that changes only {@code services}: their objects as {@code fresh}
   * renders them, every other service's exactly as {@code recorded} has them (the environment's
   * current release), and what services share (networks, volumes, a namespace) from {@code fresh}
   * where it names it, else from {@code recorded}. Pure: nothing is applied.
   *
   * @param recorded what the environment's current release applied; empty files when it has none
   * @param fresh today's script rendered with today's images
   * @throws TargetFailure when this target cannot tell one service's files from another's
   */
  default Rendering spliced(Rendering recorded, Rendering fresh, Set<String> services) {
    throw new TargetFailure("target " + type() + "() cannot deploy single services: deploy the whole environment", false);
  }

  /**
   * {@code recorded} with each service in {@code replicas} set to run that many copies (where an
   * autoscaler governs a service, its bounds moved so that it runs that many now), and nothing
   * else changed. Pure: applying the result is a deploy of those services.
   *
   * @throws TargetFailure when {@code recorded} does not run one of the services
   */
  default Rendering scaled(Rendering recorded, Map<String, Integer> replicas) {
    throw new TargetFailure("target " + type() + "() cannot scale services", false);
  }

  /**
   * The CLI of the container engine on this machine whose image storage holds what deploys to
   * this target left here: images pulled to run them, loaded by {@code --to-engine}, built from
   * Dockerfiles. {@code slipway gc} removes from it the images of releases beyond the history
   * limit. By default the local engine builds use ({@link ContainerEngine#detect}); a target
   * whose services run on other machines pulls there, and leaves here only what builds left.
   *
   * @return empty when there is no engine here, so nothing was left on this machine; else its CLI
   *     with the environment that reaches it (an engine socket found for the command, say)
   */
  default Optional<EngineImages> imageEngine(RenderRequest request, DeployContext context) {
    return ContainerEngine.detect().map(engine -> new EngineImages(List.of(engine.executable().toString()), context.environment()));
  }

  TargetStatus status(RenderRequest request, DeployContext context);

  /** Removes what {@link #apply} created; persistent data only when {@code volumes} is set. */
  void destroy(RenderRequest request, boolean volumes, DeployContext context);
}
