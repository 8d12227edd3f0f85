package dev.slipway.compose.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.compose.ComposeSettings;
import dev.slipway.compose.render.FrontProxy;
import dev.slipway.compose.render.HealthcheckCommands;
import dev.slipway.core.event.Event;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Service;
import dev.slipway.core.plan.ResolvedEnvironment;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a rendered {@code compose.yaml} with the Compose CLI, one service at a time in
 * dependency order, each started only after what it depends on passed its health check.
 * Unchanged services are left alone by Compose itself, so a no-op deploy recreates no container.
 * A changed service that updates rolling ({@link Service#updatesRolling()}) gets its new
 * containers beside the old ones, and loses the old ones only once the new ones are healthy.
 */
public final class ComposeDeployer {

  private static final int LOG_LINES = 50;

  private final ComposeSettings settings;

  public ComposeDeployer(ComposeSettings settings) {
    this.settings = settings;
  }

  public void apply(RenderedFile rendered, RenderRequest request, List<String> order, DeployContext context) {
    ResolvedEnvironment environment = request.environment();
    ComposeProject project = new ComposeProject(ComposeCli.choose(settings.cli(), context.environment()), environment, writeCurrent(rendered, context));
    for (String name : order) {
      Service service = environment.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
      Duration deadline = service.health().map(HealthCheck::deadline).orElse(Duration.ofSeconds(30));
      List<ComposeProject.Container> current = service.updatesRolling() ? project.containers(name) : List.of();
      if (rollsNow(project, service, current, context)) {
        roll(project, service, current, deadline, context);
      } else {
        replace(project, service, deadline, context);
      }
      if (FrontProxy.fronts(service)) {
        startFrontProxy(project, service, context);
      }
    }
  }

  /** Compose creates, recreates or leaves alone the service's containers as its config demands; then they must pass their check. */
  private void replace(ComposeProject project, Service service, Duration deadline, DeployContext context) {
    String name = service.name();
    progress(context, name, project.cli.describe() + " up " + name + ", then up to " + deadline.toSeconds() + " s for its health check");
    ComposeCli.Result up = project.run(List.of("up", "-d", "--no-deps", name), 600);
    if (!up.ok()) {
      if (ComposeCli.saysUnreachable(up.output())) {
        throw new TargetFailure(
            "the container engine is unreachable from " + project.cli.describe() + ": start it (podman system service, or the Docker daemon) and check DOCKER_HOST",
            true);
      }
      throw new TargetFailure("compose could not start service '" + name + "': " + ComposeProject.lastLine(up.output())
          + ": fix that and deploy again (the file Compose was given: " + project.file + ")", false);
    }
    awaitHealthy(project, service, Optional.empty(), deadline).ifPresent(why -> failUnhealthy(project, service, why, context));
  }

  /**
   * Start-new-then-stop-old: the new containers start beside the old ones and must pass their
   * health check; then the front proxy (if any) moves to them and lets the requests in flight to
   * the old ones finish; then the old ones stop. If a new container fails, it is removed and the
   * old ones never stopped serving.
   */
  private void roll(ComposeProject project, Service service, List<ComposeProject.Container> before, Duration deadline, DeployContext context) {
    String name = service.name();
    boolean fronted = FrontProxy.fronts(service) && project.containers(FrontProxy.nameFor(service)).stream().anyMatch(ComposeProject.Container::running);
    progress(context, name, "rolling update: " + service.replicas() + " new beside " + before.size()
        + " old, each new one given up to " + deadline.toSeconds() + " s for its health check");
    if (fronted) {
      project.admin(service, "freeze");
    }
    int surge = before.size() + service.replicas();
    ComposeCli.Result up = project.run(List.of("up", "-d", "--no-deps", "--no-recreate", "--scale", name + "=" + surge, name), 600);
    List<ComposeProject.Container> fresh = project.containers(name).stream().filter(c -> before.stream().noneMatch(old -> old.id().equals(c.id()))).toList();
    Optional<String> failure = up.ok() ? Optional.empty() : Optional.of("could not start its new containers: " + ComposeProject.lastLine(up.output()));
    for (ComposeProject.Container container : fresh) {
      if (failure.isEmpty()) {
        failure = awaitHealthy(project, service, Optional.of(container), deadline);
      }
    }
    if (failure.isPresent()) {
      String logs = fresh.isEmpty() ? "" : project.logsOf(fresh.get(0), LOG_LINES);
      project.remove(fresh);
      if (fronted) {
        project.admin(service, "release");
      }
      context.events().on(new Event.Warning(Instant.now(), "last " + LOG_LINES + " log lines of a new " + name + " container:\n" + logs));
      throw new TargetFailure("service '" + name + "' " + failure.get()
          + ": its new containers were removed and the old ones kept serving; fix it (its last log lines are above) and deploy again", false);
    }
    if (fronted) {
      try {
        project.admin(service, "swap");
      } catch (TargetFailure refused) {
        // Still on the old containers: drop the new ones so that a retry starts from a clean state.
        project.remove(fresh);
        project.admin(service, "release");
        throw refused;
      }
    }
    project.remove(before);
    if (fronted) {
      project.admin(service, "release");
    }
  }

  /**
   * Whether a rolling service's running containers have a config other than the one this release
   * wants, and can be replaced rolling. When they cannot, Compose recreates them and a warning
   * says why.
   */
  private static boolean rollsNow(ComposeProject project, Service service, List<ComposeProject.Container> current, DeployContext context) {
    List<ComposeProject.Container> running = current.stream().filter(ComposeProject.Container::running).toList();
    if (running.isEmpty()) {
      return false;
    }
    Optional<String> wanted = project.configHash(service.name());
    if (wanted.isEmpty()) {
      warnRecreated(context, service, project.cli.describe() + " cannot report a service's config hash (Compose v2's `config --hash` can)");
      return false;
    }
    if (running.stream().allMatch(c -> c.configHash().equals(wanted.get()))) {
      return false;
    }
    if (!FrontProxy.fronts(service) && !service.ports().isEmpty() && service.replicas() == 1) {
      warnRecreated(context, service, "old and new containers cannot share its host port, and only built Python services get a front proxy to hold it");
      return false;
    }
    return true;
  }

  private static void warnRecreated(DeployContext context, Service service, String why) {
    context.events().on(new Event.Warning(Instant.now(), "service '" + service.name() + "' is recreated, not updated rolling: " + why));
  }

  /**
   * Brings up the proxy without recreating it for a new image of the service (its code is the
   * same), so the published port never goes away; only a change to its own config recreates it.
   */
  private void startFrontProxy(ComposeProject project, Service service, DeployContext context) {
    String proxy = FrontProxy.nameFor(service);
    String key = FrontProxy.configKey(service, settings.bind());
    List<ComposeProject.Container> running = project.containers(proxy).stream().filter(ComposeProject.Container::running).toList();
    boolean stale = running.stream().anyMatch(c -> !key.equals(c.labels().get(FrontProxy.CONFIG_LABEL)));
    if (stale) {
      context.events().on(new Event.Warning(Instant.now(), "the front proxy of '" + service.name() + "' is recreated for its new ports: the published port pauses briefly"));
    }
    ComposeCli.Result up = project.run(List.of("up", "-d", "--no-deps", stale ? "--force-recreate" : "--no-recreate", proxy), 300);
    if (!up.ok()) {
      throw new TargetFailure("compose could not start the front proxy of '" + service.name() + "': " + ComposeProject.lastLine(up.output())
          + ": fix that and deploy again (the file Compose was given: " + project.file + ")", false);
    }
  }

  private void failUnhealthy(ComposeProject project, Service service, String why, DeployContext context) {
    String logs = logs(project, Optional.of(service.name()), LOG_LINES);
    context.events().on(new Event.Warning(Instant.now(), "last " + LOG_LINES + " log lines of " + service.name() + ":\n" + logs));
    throw new TargetFailure(
        "service '" + service.name() + "' " + why + ": its last log lines are above; fix it and deploy again, or raise the health timeout",
        false);
  }

  private static void progress(DeployContext context, String service, String message) {
    context.events().on(new Event.StepProgress(Instant.now(), "deploy:" + service, -1, message));
  }

  /**
   * Runs the service's own health check inside its container (one container, or Compose's
   * choice) until it passes. Slipway probes by itself rather than waiting on the engine's health
   * status, because podman without systemd never runs health checks on its own; the probe is the
   * same command the compose file holds.
   *
   * @return why the service is not healthy, or empty once it is
   */
  private static Optional<String> awaitHealthy(ComposeProject project, Service service, Optional<ComposeProject.Container> only, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    List<String> probe = probe(service, only);
    int restarts = -1;
    while (true) {
      if (project.run(probe, 60).ok()) {
        return Optional.empty();
      }
      for (ComposeProject.Container container : project.containers(service.name())) {
        if (only.isPresent() && !only.get().id().equals(container.id())) {
          continue;
        }
        if (container.state().equals("exited") || container.state().equals("dead")) {
          return Optional.of("exited while starting (" + container.status() + ")");
        }
        if (container.state().equals("restarting")) {
          restarts++;
          if (restarts >= 3) {
            return Optional.of("keeps restarting (crash loop)");
          }
        }
      }
      if (System.nanoTime() > end) {
        return Optional.of("did not become healthy within " + deadline.toSeconds() + " s");
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("was interrupted while waiting for health");
      }
    }
  }

  /** {@code exec -T [--index N] SERVICE <its health check>}: the check the compose file declares, run on demand. */
  private static List<String> probe(Service service, Optional<ComposeProject.Container> only) {
    List<String> probe = new ArrayList<>(List.of("exec", "-T"));
    only.ifPresent(container -> probe.addAll(List.of("--index", String.valueOf(container.number()))));
    probe.add(service.name());
    service.health().ifPresentOrElse(health -> {
      List<String> test = HealthcheckCommands.test(service, health);
      if (test.get(0).equals("CMD-SHELL")) {
        probe.addAll(List.of("sh", "-c", test.get(1)));
      } else {
        probe.addAll(test.subList(1, test.size()));
      }
    }, () -> probe.add("true"));
    return probe;
  }

  public String logs(RenderRequest request, Optional<String> service, int lines, DeployContext context) {
    return logs(project(request, context), service, lines);
  }

  public void followLogs(RenderRequest request, Optional<String> service, int lines, DeployContext context, java.util.function.Consumer<String> sink) {
    ComposeProject project = project(request, context);
    List<String> args = new ArrayList<>(List.of("logs", "--no-color", "--follow", "--tail", String.valueOf(lines)));
    service.ifPresent(args::add);
    project.stream(args, sink);
  }

  public TargetStatus status(RenderRequest request, DeployContext context) {
    ComposeProject project = project(request, context);
    ResolvedEnvironment environment = request.environment();
    ComposeCli.Result ps = project.cli.run(environment.project().baseDir(), List.of("-p", environment.qualifiedName(), "ps", "-a", "--format", "json"), 60);
    if (!ps.ok()) {
      throw new TargetFailure("cannot read the status of " + environment.qualifiedName() + ": " + ComposeProject.lastLine(ps.output())
          + ": check that the engine runs and DOCKER_HOST points at it", ComposeCli.saysUnreachable(ps.output()));
    }
    List<JsonNode> containers = ComposeProject.parseJsonLines(ps.output());
    Map<String, Integer> restartCounts = restartCounts(project, containers);
    List<TargetStatus.ServiceStatus> services = new ArrayList<>();
    for (Service service : environment.services()) {
      List<JsonNode> mine = containers.stream().filter(c -> service.name().equals(c.path("Service").asText())).toList();
      int running = (int) mine.stream().filter(c -> "running".equals(c.path("State").asText())).count();
      // The service's own check, run now: the engine's health status may never update (podman without systemd).
      boolean healthy = running > 0 && project.run(probe(service, Optional.empty()), 60).ok();
      String image = mine.isEmpty() ? request.imageOf(service.name()) : mine.get(0).path("Image").asText();
      // A fronted service is reached through its proxy, which publishes its ports.
      String publisher = FrontProxy.fronts(service) ? FrontProxy.nameFor(service) : service.name();
      List<String> published = containers.stream().filter(c -> publisher.equals(c.path("Service").asText()))
          .flatMap(c -> published(c).stream()).distinct().toList();
      int restarts = mine.stream().mapToInt(c -> restartCounts.getOrDefault(c.path("ID").asText(), 0)).sum();
      services.add(new TargetStatus.ServiceStatus(service.name(), image, running, service.replicas(), healthy, restarts, published));
    }
    return new TargetStatus(services);
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

  /** Restarts by container id, as ps reports the id: Compose's ps does not count them, the engine's inspect does. */
  private static Map<String, Integer> restartCounts(ComposeProject project, List<JsonNode> containers) {
    if (containers.isEmpty()) {
      return Map.of();
    }
    List<String> inspect = new ArrayList<>(List.of("inspect", "--format", "{{.Id}} {{.RestartCount}}"));
    containers.forEach(c -> inspect.add(c.path("ID").asText()));
    ComposeCli.Result answer = project.cli.engine(project.environment.project().baseDir(), inspect, 60);
    Map<String, Integer> counts = new HashMap<>();
    for (String line : answer.output().lines().map(String::strip).filter(l -> l.matches("\\S+ \\d+")).toList()) {
      String[] idAndCount = line.split(" ");
      // ps prints short ids, inspect full ones.
      containers.stream().map(c -> c.path("ID").asText()).filter(id -> !id.isEmpty() && idAndCount[0].startsWith(id))
          .forEach(id -> counts.put(id, Integer.parseInt(idAndCount[1])));
    }
    return counts;
  }

  public void destroy(RenderRequest request, boolean volumes, DeployContext context) {
    ComposeCli cli = ComposeCli.choose(settings.cli(), context.environment());
    ResolvedEnvironment environment = request.environment();
    List<String> args = new ArrayList<>(List.of("-p", environment.qualifiedName(), "down", "--remove-orphans"));
    if (volumes) {
      args.add("--volumes");
    }
    ComposeCli.Result down = cli.run(environment.project().baseDir(), args, 300);
    if (!down.ok()) {
      throw new TargetFailure("could not remove " + environment.qualifiedName() + ": " + ComposeProject.lastLine(down.output())
          + ": check that the engine runs and DOCKER_HOST points at it, then run destroy again", ComposeCli.saysUnreachable(down.output()));
    }
  }

  private ComposeProject project(RenderRequest request, DeployContext context) {
    return new ComposeProject(ComposeCli.choose(settings.cli(), context.environment()), request.environment(), context.stateDir().resolve("compose.yaml"));
  }

  private static String logs(ComposeProject project, Optional<String> service, int lines) {
    List<String> args = new ArrayList<>(List.of("logs", "--no-color", "--tail", String.valueOf(lines)));
    service.ifPresent(args::add);
    return project.run(args, 60).output();
  }

  /** The file Compose applies now: the state directory's copy, replaced atomically. */
  private static Path writeCurrent(RenderedFile rendered, DeployContext context) {
    Path file = context.stateDir().resolve("compose.yaml");
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling("compose.yaml.partial");
      Files.writeString(partial, rendered.content());
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
