package dev.slipway.core.model;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TargetSpec;
import java.util.List;

/**
 * One environment as it deploys: its target, and every service with the environment's
 * overrides (and those of the environments it extends) applied.
 */
public record ResolvedEnvironment(Project project, String name, TargetSpec target, List<Service> services) {

  public ResolvedEnvironment {
    services = List.copyOf(services);
  }

  /** {@code <project>-<environment>}: the Compose project name and the default namespace. */
  public String qualifiedName() {
    return project.name() + "-" + name;
  }
}
