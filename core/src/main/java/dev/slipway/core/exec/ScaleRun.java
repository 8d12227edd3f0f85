package dev.slipway.core.exec;

import dev.slipway.core.event.Event;
import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.problem.InvalidInputException;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code slipway scale}: a release made of the current one with some services' copy counts
 * changed ({@link LiveTarget#scaled}), applied under the environment's lock through the target's
 * own health-gated path for those services only, and undone as a failed deploy is. The release
 * keeps the current one's images: nothing is built.
 */
public final class ScaleRun {

  private ScaleRun() {}

  /**
   * @param replicas the copies each named service should run
   * @param order the environment's deploy order (dependencies first)
   * @return the recorded release, succeeded
   * @throws TargetFailure when the target refuses the count or a new copy fails its check; the
   *     release is then recorded as failed and {@code current} restored for those services
   */
  public static Release run(Plan plan, LiveTarget target, DeployContext context, DeployState state, Map<String, Integer> replicas, List<String> order) {
    try (EnvironmentLock lock = state.lock()) {
      ReleaseStore store = state.releases();
      String environment = plan.environment().name();
      Release current = store.current().orElseThrow(() -> commandLineError(
          environment + " runs no release to scale: deploy it first (slipway deploy --env " + environment + ")"));
      for (String service : replicas.keySet()) {
        if (!current.images().containsKey(service)) {
          throw commandLineError("release " + current.number() + " of " + environment + " does not run service '" + service
              + "': deploy it first (slipway deploy --env " + environment + " " + service + ")");
        }
      }
      Rendering recorded = store.rendering(current.number()).orElseThrow(() -> new TargetFailure(
          "release " + current.number() + " has no recorded files (" + store.where(current.number()) + " is incomplete): deploy the environment first", false));
      Rendering scaled = target.scaled(recorded, replicas);
      Map<String, Integer> stillScaled = new TreeMap<>(current.scaled());
      replicas.forEach((service, count) -> {
        // A count the script says anyway is no longer one that scale set.
        if (plan.environment().services().stream().anyMatch(s -> s.name().equals(service) && s.replicas() == count)) {
          stillScaled.remove(service);
        } else {
          stillScaled.put(service, count);
        }
      });
      Release started = store.start(current.revision(), current.images(), scaled, new Release.Change(replicas.keySet(), stillScaled, true));
      String detail = "scale " + new TreeMap<>(replicas).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
      Map<String, String> images = new LinkedHashMap<>(plan.images());
      images.putAll(current.images());
      List<String> changed = order.stream().filter(replicas::containsKey).toList();
      try {
        target.apply(scaled, new RenderRequest(plan.environment(), images, Optional.empty()), changed, context);
      } catch (TargetFailure failed) {
        context.events().on(new Event.Warning(Instant.now(), "release " + started.number() + " failed; restoring release " + current.number()));
        try {
          DeployRun.restore(plan, target, context, store, current, changed);
        } catch (TargetFailure notRestored) {
          store.save(started.finished(Release.FAILED, detail + ": " + failed.getMessage() + "; " + notRestored.getMessage()));
          throw notRestored;
        }
        store.save(started.finished(Release.FAILED, detail + ": " + failed.getMessage() + " (rolled back to release " + current.number() + ")"));
        throw failed;
      }
      Release done = started.finished(Release.SUCCEEDED, detail);
      store.save(done);
      return done;
    }
  }

  private static InvalidInputException commandLineError(String message) {
    return new InvalidInputException(new SourceLocation("command line", 0, 0), message);
  }
}
