package dev.slipway.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Optional;

/**
 * Applies a rendered {@code compose.yaml} with the Compose CLI, one service at a time in
 * dependency order, each started only after what it depends on passed its health check. Unchanged services are left alone by Compose itself, so a no-op deploy recreates
 * no container.
 */
final class ComposeDeployer {

  private static final int LOG_LINES = 50;

  private final ComposeSettings settings;

  ComposeDeployer(ComposeSettings settings) {
    this.settings = settings;
  }

  void apply(RenderedFile rendered, RenderRequest request, List<String> order, DeployContext context) {
    ResolvedEnvironment environment = request.environment();
    Path file = writeCurrent(rendered, context);
    ComposeCli cli = ComposeCli.choose(settings.cli(), context.environment());
    for (String name : order) {
      Service service = environment.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
      Duration deadline = service.health().map(HealthCheck::deadline).orElse(Duration.ofSeconds(30));
      context.events().on(new Event.StepProgress(Instant.now(), "deploy:" + name, -1, cli.describe() + " up " + name + ", then up to " + deadline.toSeconds() + " s for its health check"));
      ComposeCli.Result up = cli.run(environment.project().baseDir(), base(environment, file, List.of("up", "-d", "--no-deps", name)), 600);
      if (!up.ok()) {
        if (ComposeCli.saysUnreachable(up.output())) {
          throw new TargetFailure(
              "the container engine is unreachable from " + cli.describe() + ": start it (podman system service, or the Docker daemon) and check DOCKER_HOST",
              true);
        }
        throw new TargetFailure("compose could not start service '" + name + "': " + lastLine(up.output()), false);
      }
      Optional<String> unhealthy = awaitHealthy(cli, environment, file, service, deadline);
      if (unhealthy.isPresent()) {
        String logs = logs(cli, environment, file, Optional.of(name), LOG_LINES);
        context.events().on(new Event.Warning(Instant.now(), "last " + LOG_LINES + " log lines of " + name + ":\n" + logs));
        throw new TargetFailure(
            "service '" + name + "' " + unhealthy.get() + ": its last log lines are above; fix it and deploy again, or raise the health timeout",
            false);
      }
    }
  }

  /**
   * Runs the service's own health check inside its container until it passes. Slipway probes by
   * itself rather than waiting on the engine's health status, because podman without systemd
   * never runs health checks on its own; the probe is the same command the compose file holds.
   *
   * @return why the service is not healthy, or empty once it is
   */
  private static Optional<String> awaitHealthy(ComposeCli cli, ResolvedEnvironment environment, Path file, Service service, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    List<String> probe = probe(service);
    int restarts = -1;
    while (true) {
      if (cli.run(environment.project().baseDir(), base(environment, file, probe), 60).ok()) {
        return Optional.empty();
      }
      ComposeCli.Result ps = cli.run(environment.project().baseDir(), base(environment, file, List.of("ps", "-a", "--format", "json", service.name())), 60);
      for (JsonNode container : parseJsonLines(ps.output())) {
        String state = container.path("State").asText();
        if (state.equals("exited") || state.equals("dead")) {
          return Optional.of("exited while starting (" + container.path("Status").asText(state) + ")");
        }
        if (state.equals("restarting")) {
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

  /** {@code exec -T SERVICE <its health check>}: the check the compose file declares, run on demand. */
  private static List<String> probe(Service service) {
    List<String> probe = new ArrayList<>(List.of("exec", "-T", service.name()));
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

  String logs(RenderRequest request, Optional<String> service, int lines, DeployContext context) {
    ComposeCli cli = ComposeCli.choose(settings.cli(), context.environment());
    return logs(cli, request.environment(), context.stateDir().resolve("compose.yaml"), service, lines);
  }

  TargetStatus status(RenderRequest request, DeployContext context) {
    ComposeCli cli = ComposeCli.choose(settings.cli(), context.environment());
    ResolvedEnvironment environment = request.environment();
    ComposeCli.Result ps = cli.run(environment.project().baseDir(), List.of("-p", environment.qualifiedName(), "ps", "-a", "--format", "json"), 60);
    if (!ps.ok()) {
      throw new TargetFailure("cannot read the status of " + environment.qualifiedName() + ": " + lastLine(ps.output()), ComposeCli.saysUnreachable(ps.output()));
    }
    List<JsonNode> containers = parseJsonLines(ps.output());
    List<TargetStatus.ServiceStatus> services = new ArrayList<>();
    for (Service service : environment.services()) {
      List<JsonNode> mine = containers.stream().filter(c -> service.name().equals(c.path("Service").asText())).toList();
      int running = (int) mine.stream().filter(c -> "running".equals(c.path("State").asText())).count();
      // The service's own check, run now: the engine's health status may never update (podman without systemd).
      boolean healthy = running > 0 && cli.run(environment.project().baseDir(), base(environment, context.stateDir().resolve("compose.yaml"), probe(service)), 60).ok();
      String image = mine.isEmpty() ? request.imageOf(service.name()) : mine.get(0).path("Image").asText();
      services.add(new TargetStatus.ServiceStatus(service.name(), image, running, service.replicas(), healthy));
    }
    return new TargetStatus(services);
  }

  void destroy(RenderRequest request, boolean volumes, DeployContext context) {
    ComposeCli cli = ComposeCli.choose(settings.cli(), context.environment());
    ResolvedEnvironment environment = request.environment();
    List<String> args = new ArrayList<>(List.of("-p", environment.qualifiedName(), "down", "--remove-orphans"));
    if (volumes) {
      args.add("--volumes");
    }
    ComposeCli.Result down = cli.run(environment.project().baseDir(), args, 300);
    if (!down.ok()) {
      throw new TargetFailure("could not remove " + environment.qualifiedName() + ": " + lastLine(down.output()), ComposeCli.saysUnreachable(down.output()));
    }
  }

  private static String logs(ComposeCli cli, ResolvedEnvironment environment, Path file, Optional<String> service, int lines) {
    List<String> args = new ArrayList<>(List.of("logs", "--no-color", "--tail", String.valueOf(lines)));
    service.ifPresent(args::add);
    return cli.run(environment.project().baseDir(), base(environment, file, args), 60).output();
  }

  private static List<String> base(ResolvedEnvironment environment, Path file, List<String> command) {
    List<String> args = new ArrayList<>(List.of(
        "-p", environment.qualifiedName(), "-f", file.toString(), "--project-directory", environment.project().baseDir().toString()));
    args.addAll(command);
    return args;
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

  private static List<JsonNode> parseJsonLines(String output) {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : output.lines().map(String::strip).filter(l -> l.startsWith("{") || l.startsWith("[")).toList()) {
      try {
        JsonNode node = json.readTree(line);
        if (node.isArray()) {
          node.forEach(nodes::add);
        } else {
          nodes.add(node);
        }
      } catch (IOException e) {
        // a warning line that happens to start with a brace; not a container
      }
    }
    return nodes;
  }

  private static String lastLine(String output) {
    return output.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("no output");
  }
}
