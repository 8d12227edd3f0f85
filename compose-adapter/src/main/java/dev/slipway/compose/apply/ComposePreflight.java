package dev.slipway.compose.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.compose.render.ComposeRenderer;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.TargetFailure;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a Compose deploy checks before anything is built: the Compose CLI runs, the engine behind
 * it answers, and every host port the environment publishes is free or held by one of the
 * environment's own containers, which the deploy replaces.
 */
final class ComposePreflight {

  private final ComposeCli cli;
  private final ResolvedEnvironment environment;
  private final String bind;
  private final EventListener events;

  /** @param bind the host address published ports listen on */
  ComposePreflight(ComposeCli cli, ResolvedEnvironment environment, String bind, EventListener events) {
    this.cli = cli;
    this.environment = environment;
    this.bind = bind;
    this.events = events;
  }

  /** @throws TargetFailure unreachable for the CLI or the engine; not unreachable for a port that is taken */
  void check() {
    projectPorts().ifPresent(this::checkPorts);
  }

  /**
   * The host ports the project's containers publish now, as {@code compose ps} lists them; listing
   * them is also what proves that the CLI runs and the engine answers.
   *
   * @return empty when this Compose CLI cannot list containers as JSON (Compose v1 cannot), after a warning
   */
  private Optional<Set<Integer>> projectPorts() {
    String name = cli.describe();
    ComposeCli.Result ps;
    try {
      ps = cli.run(environment.project().baseDir(), List.of("-p", environment.qualifiedName(), "ps", "-a", "--format", "json"), 60);
    } catch (TargetFailure cannotStart) {
      throw new TargetFailure("the Compose CLI `" + name + "` cannot run (" + cannotStart.getMessage() + "): install Compose v2"
          + " (scripts/setup-containers does), or name one that runs with compose(cli: '...') or SLIPWAY_COMPOSE_CLI", true);
    }
    if (ps.exitCode() == ComposeCli.TIMED_OUT) {
      throw new TargetFailure("the container engine did not answer `" + name + " ps` within 60 s: check that it runs"
          + " (podman system service, or the Docker daemon) and that DOCKER_HOST points at it", true);
    }
    if (ComposeCli.saysUnreachable(ps.output())) {
      throw ComposeCli.engineUnreachable(name);
    }
    if (!ps.ok()) {
      if (!cli.run(environment.project().baseDir(), List.of("version"), 20).ok()) {
        throw new TargetFailure("the Compose CLI `" + name + "` does not work: " + ComposeProject.lastLine(ps.output())
            + ": install Compose v2 (scripts/setup-containers does), or name one that works with compose(cli: '...') or SLIPWAY_COMPOSE_CLI", true);
      }
      events.on(new Event.Warning(Instant.now(), "host ports were not checked before the deploy: `" + name + " ps --format json` failed ("
          + ComposeProject.lastLine(ps.output()) + "); Compose v2 lists containers as JSON"));
      return Optional.empty();
    }
    Set<Integer> published = new HashSet<>();
    for (JsonNode container : ComposeProject.parseJsonLines(ps.output())) {
      container.path("Publishers").forEach(publisher -> published.add(publisher.path("PublishedPort").asInt()));
    }
    return Optional.of(published);
  }

  private void checkPorts(Set<Integer> own) {
    List<String> taken = new ArrayList<>();
    for (Service service : environment.services()) {
      if (!ComposeRenderer.publishesGivenHostPorts(service)) {
        continue;
      }
      for (Port port : ComposeRenderer.publishedPorts(service)) {
        if (!own.contains(port.published()) && inUse(bind, port.published())) {
          taken.add(bind + ":" + port.published() + " (service '" + service.name() + "')");
        }
      }
    }
    if (taken.isEmpty()) {
      return;
    }
    boolean one = taken.size() == 1;
    throw new TargetFailure("host port" + (one ? " " : "s ") + String.join(", ", taken) + (one ? " is" : " are") + " in use by something other than "
        + environment.qualifiedName() + "'s containers: stop what listens there (`ss -ltnp` names it), or publish the service on another"
        + " port (port N, publish: M); nothing was built or deployed", false);
  }

  /** Whether something listens on {@code port} at {@code address}, as the engine would find when it publishes it. */
  static boolean inUse(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return false;
    } catch (BindException e) {
      // Only "Address already in use": a port this process may not bind (below 1024) may still be one the engine can.
      return String.valueOf(e.getMessage()).contains("in use");
    } catch (IOException e) {
      return false;
    }
  }
}
