package dev.slipway.compose.apply;

import dev.slipway.compose.render.ComposeRenderer;
import dev.slipway.compose.render.FrontProxy;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.TargetFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Start-new-then-stop-old for a service that updates rolling ({@link dev.slipway.compose.render.ComposeServiceSettings#updatesRolling}):
 * the new containers start beside the old ones and must pass their health check; then the front
 * proxy (if any) moves to them and lets the requests in flight to the old ones finish; then the
 * old ones stop. If a new container fails, it is removed and the old ones never stopped serving.
 */
final class RollingUpdate {

  private final ComposeProject project;
  private final FrontProxyControl proxies;
  private final HealthWait health;
  private final EventListener events;

  RollingUpdate(ComposeProject project, FrontProxyControl proxies, HealthWait health, EventListener events) {
    this.project = project;
    this.proxies = proxies;
    this.health = health;
    this.events = events;
  }

  /**
   * Whether a rolling service's running containers have a config other than the one this release
   * wants, and can be replaced rolling. When they cannot, Compose recreates them and a warning
   * says why.
   */
  boolean needed(Service service, List<ComposeProject.Container> current) {
    List<ComposeProject.Container> running = current.stream().filter(ComposeProject.Container::running).toList();
    if (running.isEmpty()) {
      return false;
    }
    Optional<String> wanted = project.configHash(service.name());
    if (wanted.isEmpty()) {
      warnRecreated(service, project.cli.describe() + " cannot report a service's config hash (Compose v2's `config --hash` can)");
      return false;
    }
    if (running.stream().allMatch(c -> c.configHash().equals(wanted.get()))) {
      return false;
    }
    if (!FrontProxy.fronts(service) && !ComposeRenderer.publishedPorts(service).isEmpty() && service.replicas() == 1) {
      warnRecreated(service, "old and new containers cannot share its host port, and only Python services get a front proxy to hold it"
          + " (the proxy runs on their image's Python)");
      return false;
    }
    return true;
  }

  private void warnRecreated(Service service, String why) {
    events.on(new Event.Warning(Instant.now(), "service '" + service.name() + "' is recreated, not updated rolling: " + why));
  }

  /**
   * Replaces {@code before} with {@code copies} new containers (the file's count: the script's
   * replicas, or what {@code slipway scale} set), each given up to {@code deadline} to pass its check.
   *
   * @throws TargetFailure when a new container failed; the old ones still serve
   */
  void run(Service service, List<ComposeProject.Container> before, Duration deadline, int copies) {
    String name = service.name();
    boolean fronted = proxies.running(service);
    events.on(ComposeApply.progress(name, "rolling update: " + copies + " new beside " + before.size()
        + " old, each new one given up to " + deadline.toSeconds() + " s for its health check"));
    if (fronted) {
      proxies.freeze(service);
    }
    int surge = before.size() + copies;
    ComposeCli.Result up = project.run(List.of("up", "-d", "--no-deps", "--no-recreate", "--scale", name + "=" + surge, name), 600);
    List<ComposeProject.Container> fresh = project.containers(name).stream().filter(c -> before.stream().noneMatch(old -> old.id().equals(c.id()))).toList();
    Optional<String> failure = up.ok() ? Optional.empty() : Optional.of("could not start its new containers: " + ComposeProject.lastLine(up.output()));
    for (ComposeProject.Container container : fresh) {
      if (failure.isEmpty()) {
        failure = health.await(service, Optional.of(container), deadline).map(HealthWait.Failure::why);
      }
    }
    if (failure.isPresent()) {
      String logs = fresh.isEmpty() ? "" : project.logsOf(fresh.get(0), ComposeLogs.ON_FAILURE);
      project.remove(fresh);
      if (fronted) {
        proxies.release(service);
      }
      events.on(new Event.Warning(Instant.now(), "last " + ComposeLogs.ON_FAILURE + " log lines of a new " + name + " container:\n" + logs));
      throw new TargetFailure("service '" + name + "' " + failure.get()
          + ": its new containers were removed and the old ones kept serving; fix it (its last log lines are above) and deploy again", false);
    }
    if (fronted) {
      try {
        proxies.swap(service);
      } catch (TargetFailure refused) {
        // Still on the old containers: drop the new ones so that a retry starts from a clean state.
        project.remove(fresh);
        proxies.release(service);
        throw refused;
      }
    }
    project.remove(before);
    if (fronted) {
      proxies.release(service);
    }
  }
}
