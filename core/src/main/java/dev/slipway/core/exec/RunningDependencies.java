package dev.slipway.core.exec;

import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.Service;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.plan.ServiceSelection;
import dev.slipway.core.release.Release;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A deploy of some services leaves what they depend on as it runs: that must be running and
 * healthy now, as the target reports it, or the deploy stops before anything is built.
 */
final class RunningDependencies {

  private RunningDependencies() {}

  /**
   * @param current the environment's current release, whose services are the ones that run
   * @throws TargetFailure naming the first dependency that does not run or is not healthy, and the
   *     service that needs it; unreachable when the target could not be asked
   */
  static void check(ServiceSelection selection, Plan plan, Optional<Release> current, LiveTarget target, DeployContext context) {
    if (selection.running().isEmpty()) {
      return;
    }
    String environment = plan.environment().name();
    Map<String, TargetStatus.ServiceStatus> status = new LinkedHashMap<>();
    if (current.isPresent()) {
      Map<String, String> images = new LinkedHashMap<>(plan.images());
      images.putAll(current.get().images());
      target.status(new RenderRequest(plan.environment(), images, Optional.empty()), context).services().forEach(s -> status.put(s.name(), s));
    }
    for (String dependency : selection.running()) {
      String why;
      TargetStatus.ServiceStatus service = status.get(dependency);
      if (current.isEmpty()) {
        why = "which does not run: " + environment + " has no successful release";
      } else if (!current.get().images().containsKey(dependency) || service == null) {
        why = "which release " + current.get().number() + " does not run";
      } else if (service.running() == 0) {
        why = "which is not running (0/" + service.desired() + ")";
      } else if (!service.healthy()) {
        why = "which is not healthy";
      } else {
        continue;
      }
      throw new TargetFailure("service '" + dependent(selection, plan, dependency) + "' depends on '" + dependency + "', " + why
          + ": deploy it first (slipway deploy --env " + environment + " " + dependency + ") or add --with-dependencies; nothing was built", false);
    }
  }

  private static String dependent(ServiceSelection selection, Plan plan, String dependency) {
    return plan.environment().services().stream()
        .filter(s -> selection.services().contains(s.name()) && s.dependsOn().stream().map(Dependency::service).anyMatch(dependency::equals))
        .map(Service::name).findFirst().orElse("?");
  }
}
