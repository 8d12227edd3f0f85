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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What runs of a project now, per service: its containers as {@code compose ps} lists them, their
 * restarts, CPU, memory, limits and start times as the engine counts them, and its health as its own
 * check says now.
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
    List<String> runningIds = containers.stream().filter(c -> "running".equals(c.path("State").asText())).map(c -> c.path("ID").asText()).toList();
    Map<String, ContainerUsage.Sample> samples = stats(runningIds);
    List<ContainerUsage.Inspected> inspected = inspect(runningIds);
    List<TargetStatus.ServiceStatus> services = new ArrayList<>();
    // The count the applied file asks for, which `slipway scale` may have set, rather than the script's.
    Map<String, Integer> desired = appliedReplicas();
    for (Service service : environment.services()) {
      List<JsonNode> mine = containers.stream().filter(c -> service.name().equals(c.path("Service").asText())).toList();
      List<String> mineRunning = mine.stream().filter(c -> "running".equals(c.path("State").asText())).map(c -> c.path("ID").asText()).toList();
      int running = mineRunning.size();
      // The service's own check, run now: the engine's health status may never update (podman without systemd).
      Optional<TargetStatus.HealthResult> probed = running > 0 ? Optional.of(probe(service)) : Optional.empty();
      boolean healthy = probed.map(TargetStatus.HealthResult::ok).orElse(false);
      String image = mine.isEmpty() ? request.imageOf(service.name()) : mine.get(0).path("Image").asText();
      // A fronted service is reached through its proxy, which publishes its ports.
      String publisher = FrontProxy.fronts(service) ? FrontProxy.nameFor(service) : service.name();
      List<String> published = containers.stream().filter(c -> publisher.equals(c.path("Service").asText()))
          .flatMap(c -> published(c).stream()).distinct().toList();
      int restarted = mine.stream().mapToInt(c -> Optional.ofNullable(restarts.get(c.path("ID").asText())).map(ComposeProject.Restarts::count).orElse(0)).sum();
      List<String> details = engineHealthNote(service, mine.stream().filter(c -> "running".equals(c.path("State").asText())).toList(), healthy)
          .map(List::of).orElse(List.of());
      List<ContainerUsage.Inspected> mineInspected = inspected.stream().filter(i -> mineRunning.stream().anyMatch(id -> sameContainer(id, i.id()))).toList();
      TargetStatus.Monitoring monitoring = new TargetStatus.Monitoring(
          usage(mineRunning, samples, mineInspected),
          mineInspected.stream().map(ContainerUsage.Inspected::startedAt).flatMap(Optional::stream).min(Comparator.naturalOrder()),
          mineInspected.stream().map(ContainerUsage.Inspected::startedAt).flatMap(Optional::stream).max(Comparator.naturalOrder()),
          probed,
          service.metrics().map(m -> "http://" + service.name() + ":" + m.port() + m.path() + " (from the project network)"));
      services.add(new TargetStatus.ServiceStatus(service.name(), image, running, desired.getOrDefault(service.name(), service.replicas()), healthy, restarted,
          published, details, monitoring));
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

  /** One run of the service's own check, now, with the line of its output that says most. */
  private TargetStatus.HealthResult probe(Service service) {
    Instant time = Instant.now();
    ComposeCli.Result result = project.run(HealthProbe.arguments(service, Optional.empty()), HealthProbe.timeoutSeconds(service));
    // A failing check's last line is its conclusion (a Python traceback ends with the error).
    String said = result.output().lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
    return new TargetStatus.HealthResult(time, result.ok(), said.isEmpty() ? (result.ok() ? "passed" : "exit code " + result.exitCode()) : said);
  }

  /** CPU and memory of these running containers; a stats run that fails leaves use unknown, never the status unread. */
  private Map<String, ContainerUsage.Sample> stats(List<String> running) {
    if (running.isEmpty()) {
      return Map.of();
    }
    List<String> stats = new ArrayList<>(List.of("stats", "--no-stream", "--format", ContainerUsage.STATS_FORMAT));
    stats.addAll(running);
    ComposeCli.Result result = project.cli.engine(project.environment.project().baseDir(), stats, 60);
    return result.ok() ? ContainerUsage.parseStats(result.output()) : Map.of();
  }

  private List<ContainerUsage.Inspected> inspect(List<String> running) {
    if (running.isEmpty()) {
      return List.of();
    }
    List<String> inspect = new ArrayList<>(List.of("inspect"));
    inspect.addAll(running);
    ComposeCli.Result result = project.cli.engine(project.environment.project().baseDir(), inspect, 60);
    return result.ok() ? ContainerUsage.parseInspect(result.output()) : List.of();
  }

  private static TargetStatus.Usage usage(List<String> running, Map<String, ContainerUsage.Sample> samples, List<ContainerUsage.Inspected> inspected) {
    Optional<Double> cpuLimit = inspected.size() == running.size() && inspected.stream().allMatch(i -> i.cpuLimitCores().isPresent())
        ? Optional.of(inspected.stream().mapToDouble(i -> i.cpuLimitCores().get()).sum()) : Optional.empty();
    Optional<Long> memoryLimit = inspected.size() == running.size() && inspected.stream().allMatch(i -> i.memoryLimitBytes().isPresent())
        ? Optional.of(inspected.stream().mapToLong(i -> i.memoryLimitBytes().get()).sum()) : Optional.empty();
    if (running.isEmpty()) {
      return TargetStatus.Usage.missing("no running container", cpuLimit, memoryLimit);
    }
    List<ContainerUsage.Sample> mine = samples.entrySet().stream().filter(e -> running.stream().anyMatch(id -> sameContainer(id, e.getKey())))
        .map(Map.Entry::getValue).toList();
    if (mine.size() < running.size()) {
      return TargetStatus.Usage.missing("the engine's stats did not answer", cpuLimit, memoryLimit);
    }
    return TargetStatus.Usage.of(mine.stream().mapToDouble(ContainerUsage.Sample::cpuCores).sum(), cpuLimit,
        mine.stream().mapToLong(ContainerUsage.Sample::memoryBytes).sum(), memoryLimit);
  }

  /** Compose, stats and inspect print ids of different lengths. */
  private static boolean sameContainer(String one, String other) {
    return !one.isEmpty() && !other.isEmpty() && (one.startsWith(other) || other.startsWith(one));
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
