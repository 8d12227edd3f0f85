package dev.slipway.core.plan;

import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The services a deploy changes when it names some ({@code slipway deploy --env E api}), and what
 * they depend on that it leaves as it runs.
 *
 * @param services the services to build, test and deploy, in the environment's order; empty for
 *     the whole environment
 * @param running the services that a selected one depends on and that are not selected: they must
 *     be running and healthy already, since the deploy does not touch them
 */
public record ServiceSelection(Set<String> services, Set<String> running) {

  public static final ServiceSelection WHOLE_ENVIRONMENT = new ServiceSelection(Set.of(), Set.of());

  public ServiceSelection {
    services = Collections.unmodifiableSet(new LinkedHashSet<>(services));
    running = Collections.unmodifiableSet(new LinkedHashSet<>(running));
  }

  /**
   * @param named services of {@code environment}, as given on the command line; none means all
   * @param withDependencies also select what they depend on, transitively, instead of requiring it to run
   */
  public static ServiceSelection of(ResolvedEnvironment environment, Collection<String> named, boolean withDependencies) {
    if (named.isEmpty()) {
      return WHOLE_ENVIRONMENT;
    }
    Set<String> chosen = new LinkedHashSet<>(named);
    if (withDependencies) {
      Deque<String> pending = new ArrayDeque<>(named);
      while (!pending.isEmpty()) {
        for (Dependency dependency : service(environment, pending.pop()).dependsOn()) {
          if (chosen.add(dependency.service())) {
            pending.push(dependency.service());
          }
        }
      }
    }
    Set<String> running = new LinkedHashSet<>();
    List<String> order = environment.services().stream().map(Service::name).filter(chosen::contains).toList();
    for (String name : order) {
      service(environment, name).dependsOn().stream().map(Dependency::service).filter(d -> !chosen.contains(d)).forEach(running::add);
    }
    if (order.size() == environment.services().size()) {
      // Every service, by name or through --with-dependencies: a release of the whole environment.
      return WHOLE_ENVIRONMENT;
    }
    return new ServiceSelection(new LinkedHashSet<>(order), running);
  }

  public boolean wholeEnvironment() {
    return services.isEmpty();
  }

  /** Whether {@code service} is changed: selected, or the selection is the whole environment. */
  public boolean includes(String service) {
    return services.isEmpty() || services.contains(service);
  }

  /**
   * {@code plan} with only the steps of the selected services, each waiting only for steps that
   * remain: what {@code deploy --dry-run} shows and the deploy runs.
   */
  public Plan apply(Plan plan) {
    if (wholeEnvironment()) {
      return plan;
    }
    List<Step> kept = plan.steps().stream().filter(step -> services.contains(step.service())).toList();
    Set<String> ids = new LinkedHashSet<>(kept.stream().map(Step::id).toList());
    List<Step> steps = kept.stream()
        .map(s -> new Step(s.id(), s.kind(), s.service(), s.stage(), s.summary(), s.reason(), s.inputs(), s.after().stream().filter(ids::contains).toList()))
        .toList();
    return new Plan(plan.environment(), plan.stages(), steps, plan.images(), plan.builds(), plan.warnings());
  }

  private static Service service(ResolvedEnvironment environment, String name) {
    return environment.services().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service '" + name + "' in environment '" + environment.name() + "'"));
  }
}
