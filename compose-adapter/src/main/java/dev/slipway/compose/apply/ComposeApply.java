package dev.slipway.compose.apply;

import dev.slipway.compose.render.ComposeServiceSettings;
import dev.slipway.compose.render.FrontProxy;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.TargetFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the project's {@code compose.yaml} one service at a time in dependency order, each
 * started only after what it depends on passed its health check. Unchanged services are left
 * alone by Compose itself, so a no-op deploy recreates no container. A changed service that
 * updates rolling goes through {@link RollingUpdate}.
 */
final class ComposeApply {

  private final ComposeProject project;
  private final HealthWait health;
  private final FrontProxyControl proxies;
  private final RollingUpdate rolling;
  private final EventListener events;

  /** @param bind the host address published ports listen on */
  ComposeApply(ComposeProject project, String bind, HealthWait health, EventListener events) {
    this.project = project;
    this.health = health;
    this.events = events;
    this.proxies = new FrontProxyControl(project, bind, events);
    this.rolling = new RollingUpdate(project, proxies, health, events);
  }

  /**
   * @param order the project's services by name, each after those it depends on
   * @param copies how many copies of each the file runs: the script's replicas, or what {@code slipway scale} set
   */
  void apply(List<String> order, Map<String, Integer> copies) {
    for (String name : order) {
      Service service = project.environment.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
      Duration deadline = service.health().map(HealthCheck::deadline).orElse(Duration.ofSeconds(30));
      int count = copies.getOrDefault(name, service.replicas());
      List<ComposeProject.Container> current = ComposeServiceSettings.updatesRolling(service) ? project.containers(name) : List.of();
      if (rolling.needed(service, current)) {
        rolling.run(service, current, deadline, count);
      } else {
        replace(service, deadline, count);
      }
      if (service.health().isPresent() && !project.cli.engineRunsHealthChecks()) {
        // Healthy by Slipway's check: let podman, which runs none itself, show it too.
        project.cli.runEngineChecks(project.environment.project().baseDir(),
            project.containers(name).stream().filter(ComposeProject.Container::running).map(ComposeProject.Container::id).toList());
      }
      if (FrontProxy.fronts(service)) {
        proxies.start(service);
      }
    }
  }

  /** Compose creates, recreates or leaves alone the service's containers as its config demands; then they must pass their check. */
  private void replace(Service service, Duration deadline, int copies) {
    String name = service.name();
    events.on(progress(name, project.cli.describe() + " up " + name + ", then up to " + deadline.toSeconds() + " s for its health check"));
    ComposeCli.Result up = project.run(List.of("up", "-d", "--no-deps", name), 600);
    if (!up.ok()) {
      if (ComposeCli.saysUnreachable(up.output())) {
        throw ComposeCli.engineUnreachable(project.cli.describe());
      }
      throw new TargetFailure("compose could not start service '" + name + "': " + ComposeProject.lastLine(up.output())
          + ": fix that and deploy again (the file Compose was given: " + project.file + ")", false);
    }
    if (copies <= 1) {
      health.await(service, Optional.empty(), deadline).ifPresent(failure -> failUnhealthy(service, failure));
      return;
    }
    // Compose added or removed copies to match the file (a scale): each one that runs must pass its check.
    for (ComposeProject.Container container : project.containers(name).stream().filter(ComposeProject.Container::running).toList()) {
      health.await(service, Optional.of(container), deadline).ifPresent(failure -> failUnhealthy(service, failure));
    }
  }

  private void failUnhealthy(Service service, HealthWait.Failure failure) {
    String logs = new ComposeLogs(project).tail(Optional.of(service.name()), ComposeLogs.ON_FAILURE);
    events.on(new Event.Warning(Instant.now(), "last " + ComposeLogs.ON_FAILURE + " log lines of " + service.name() + ":\n" + logs));
    // More time cannot help a container that exited.
    throw new TargetFailure("service '" + service.name() + "' " + failure.why() + ": its last log lines are above; fix it and deploy again"
        + (failure.exited() ? "" : ", or raise the health timeout"), false);
  }

  /** How far the deploy of {@code service} has got, on its step {@code deploy:<service>}. */
  static Event progress(String service, String message) {
    return new Event.StepProgress(Instant.now(), "deploy:" + service, -1, message);
  }
}
