package dev.slipway.compose.apply;

import dev.slipway.compose.render.FrontProxy;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.TargetFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The front proxy of a service that has one ({@link FrontProxy#fronts}): starts it, and steers it
 * through a rolling update over its admin port (see front_proxy.py): freeze holds new requests,
 * swap moves them to the new containers, release lets them through again.
 */
final class FrontProxyControl {

  private final ComposeProject project;
  private final String bind;
  private final EventListener events;

  /** @param bind the host address the proxy publishes the service's ports on */
  FrontProxyControl(ComposeProject project, String bind, EventListener events) {
    this.project = project;
    this.bind = bind;
    this.events = events;
  }

  /** Whether {@code service} has a front proxy and a container of it runs now, so it can be steered. */
  boolean running(Service service) {
    return FrontProxy.fronts(service) && project.containers(FrontProxy.nameFor(service)).stream().anyMatch(ComposeProject.Container::running);
  }

  void freeze(Service service) {
    admin(service, "freeze");
  }

  void swap(Service service) {
    admin(service, "swap");
  }

  void release(Service service) {
    admin(service, "release");
  }

  private void admin(Service service, String action) {
    List<String> exec = new ArrayList<>(List.of("exec", "-T", FrontProxy.nameFor(service)));
    exec.addAll(FrontProxy.adminCommand(service, action));
    ComposeCli.Result result = project.run(exec, 120);
    if (!result.ok()) {
      throw new TargetFailure("the front proxy of '" + service.name() + "' refused to " + action + ": " + ComposeProject.lastLine(result.output())
          + ": its log says more (slipway logs --env " + project.environment.name() + " shows it with the services')", false);
    }
  }

  /**
   * Brings up the proxy without recreating it for a new image of the service (its code is the
   * same), so the published port never goes away; only a change to its own config recreates it.
   */
  void start(Service service) {
    String proxy = FrontProxy.nameFor(service);
    String key = FrontProxy.configKey(service, bind);
    List<ComposeProject.Container> running = project.containers(proxy).stream().filter(ComposeProject.Container::running).toList();
    boolean stale = running.stream().anyMatch(c -> !key.equals(c.labels().get(FrontProxy.CONFIG_LABEL)));
    if (stale) {
      events.on(new Event.Warning(Instant.now(), "the front proxy of '" + service.name() + "' is recreated for its new ports: the published port pauses briefly"));
    }
    ComposeCli.Result up = project.run(List.of("up", "-d", "--no-deps", stale ? "--force-recreate" : "--no-recreate", proxy), 300);
    if (!up.ok()) {
      throw new TargetFailure("compose could not start the front proxy of '" + service.name() + "': " + ComposeProject.lastLine(up.output())
          + ": fix that and deploy again (the file Compose was given: " + project.file + ")", false);
    }
  }
}
