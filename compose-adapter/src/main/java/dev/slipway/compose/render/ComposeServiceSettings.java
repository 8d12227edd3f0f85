package dev.slipway.compose.render;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.problem.Suggestions;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's settings that only Compose gives meaning to, typed: {@code restart 'always'} and
 * {@code rolling true} in a service block. The core carries them as written ({@link
 * Service#targetOptions()}); this is where they are read and checked.
 *
 * @param restart Compose's restart policy
 * @param rolling asked for with {@code rolling true}
 */
public record ComposeServiceSettings(String restart, boolean rolling) {

  public static final String DEFAULT_RESTART = "unless-stopped";
  static final List<String> RESTART_POLICIES = List.of("no", "always", "on-failure", "unless-stopped");

  public static ComposeServiceSettings of(Service service) {
    return new ComposeServiceSettings(
        service.targetOption("restart").orElse(DEFAULT_RESTART), Boolean.parseBoolean(service.targetOption("rolling").orElse("false")));
  }

  /**
   * Whether a redeploy starts the new containers and waits for their health before stopping the
   * old ones: asked for with {@code rolling true}, and implied by more than one replica.
   */
  public static boolean updatesRolling(Service service) {
    return of(service).rolling() || service.replicas() > 1;
  }

  /**
   * The environment's services' Compose settings that are wrong, each at the line that wrote
   * them. A value an environment inherits is reported as the base service's, so that a script with
   * several Compose environments gets one line for it, not one per environment.
   */
  public static List<Problem> problems(ResolvedEnvironment environment) {
    List<Problem> problems = new ArrayList<>();
    for (Service service : environment.services()) {
      String restart = of(service).restart();
      if (!RESTART_POLICIES.contains(restart)) {
        boolean inherited = environment.project().service(service.name())
            .map(base -> base.origin("restart").equals(service.origin("restart"))).orElse(true);
        String subject = "service '" + service.name() + "'" + (inherited ? "" : " in environment '" + environment.name() + "'");
        problems.add(new Problem(service.origin("restart"), subject + ": restart '" + restart + "' is not one of " + String.join(", ", RESTART_POLICIES)
            + Suggestions.didYouMean(restart, RESTART_POLICIES)));
      }
    }
    return problems;
  }
}
