package dev.slipway.compose.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.compose.render.ComposeFileEdits;
import dev.slipway.compose.render.FrontProxy;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What runs of a project now, per service: its containers as {@code compose ps} lists them, their
 * restarts as the engine counts them, and its health as its own check says now.
 */
final class ComposeStatusReader {

  private final ComposeProject project;

  ComposeStatusReader(ComposeProject project) {
    this.project = project;
  }

  /** @param request what was deployed, for the image of a service that has no container */
  TargetStatus read(RenderRequest request) {
    ResolvedEnvironment environment = request.environment();
    ComposeCli.Result ps = project.cli.run(environment.project().baseDir(), List.of("-p", environment.qualifiedName(), "ps", "-a", "--format", "json"), 60);
    if (!ps.ok()) {
      throw new TargetFailure("cannot read the status of " + environment.qualifiedName() + ": " + ComposeProject.lastLine(ps.output())
          + ": check that the engine runs and DOCKER_HOST points at it", ComposeCli.saysUnreachable(ps.output()));
    }
    List<JsonNode> containers = ComposeProject.parseJsonLines(ps.output());
    Map<String, ComposeProject.Restarts> restarts = project.restarts(containers.stream().map(c -> c.path("ID").asText()).toList());
    List<TargetStatus.ServiceStatus> services = new ArrayList<>();
    // The count the applied file asks for, which `slipway scale` may have set, rather than the script's.
    Map<String, Integer> desired = appliedReplicas();
    for (Service service : environment.services()) {
      List<JsonNode> mine = containers.stream().filter(c -> service.name().equals(c.path("Service").asText())).toList();
      int running = (int) mine.stream().filter(c -> "running".equals(c.path("State").asText())).count();
      // The service's own check, run now: the engine's health status may never update (podman without systemd).
      boolean healthy = running > 0 && project.run(HealthProbe.arguments(service, Optional.empty()), HealthProbe.timeoutSeconds(service)).ok();
      String image = mine.isEmpty() ? request.imageOf(service.name()) : mine.get(0).path("Image").asText();
      // A fronted service is reached through its proxy, which publishes its ports.
      String publisher = FrontProxy.fronts(service) ? FrontProxy.nameFor(service) : service.name();
      List<String> published = containers.stream().filter(c -> publisher.equals(c.path("Service").asText()))
          .flatMap(c -> published(c).stream()).distinct().toList();
      int restarted = mine.stream().mapToInt(c -> Optional.ofNullable(restarts.get(c.path("ID").asText())).map(ComposeProject.Restarts::count).orElse(0)).sum();
      List<String> details = engineHealthNote(service, mine.stream().filter(c -> "running".equals(c.path("State").asText())).toList(), healthy)
          .map(List::of).orElse(List.of());
      services.add(new TargetStatus.ServiceStatus(service.name(), image, running, desired.getOrDefault(service.name(), service.replicas()), healthy, restarted, published, details));
    }
    return new TargetStatus(services, project.cli.about(environment.project().baseDir()));
  }

  /**
   * Where the engine's own health of the service's running containers (what {@code podman ps} and
   * {@code compose ps} show) differs from Slipway's check just made, a line that says so and why.
   * Where the engine runs no checks itself, podman's check is run once, so its view agrees from
   * now on.
   */
  private Optional<String> engineHealthNote(Service service, List<JsonNode> running, boolean healthy) {
    if (service.health().isEmpty() || running.isEmpty()) {
      return Optional.empty();
    }
    Set<String> engineSays = running.stream().map(c -> c.path("Health").asText("")).filter(h -> !h.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
    boolean ranEngineChecks = project.cli.runEngineChecks(project.environment.project().baseDir(), running.stream().map(c -> c.path("ID").asText()).toList());
    String verdict = healthy ? "healthy" : "unhealthy";
    if (engineSays.isEmpty() || engineSays.equals(Set.of(verdict))) {
      return Optional.empty();
    }
    String why = project.cli.engineRunsHealthChecks() ? ""
        : " (podman runs no health checks without systemd" + (ranEngineChecks ? "; it shows Slipway's result now)" : ")");
    return Optional.of("engine said " + String.join("/", engineSays) + why + "; Slipway's check " + (healthy ? "passes" : "fails"));
  }

  private Map<String, Integer> appliedReplicas() {
    try {
      return Files.exists(project.file) ? ComposeFileEdits.replicas(Files.readString(project.file)) : Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + project.file, e);
    }
  }

  private static List<String> published(JsonNode container) {
    List<String> out = new ArrayList<>();
    for (JsonNode publisher : container.path("Publishers")) {
      int port = publisher.path("PublishedPort").asInt();
      if (port > 0) {
        out.add(publisher.path("URL").asText("0.0.0.0") + ":" + port + "->" + publisher.path("TargetPort").asInt() + "/" + publisher.path("Protocol").asText("tcp"));
      }
    }
    return out;
  }
}
