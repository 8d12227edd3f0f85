package dev.slipway.compose.apply;

import dev.slipway.core.build.ContainerEngine;
import dev.slipway.core.process.ExternalCommand;
import dev.slipway.core.process.ProcessRunner;
import dev.slipway.core.process.ProcessTimeoutException;
import dev.slipway.core.target.TargetFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Compose command line Slipway drives: the script's {@code compose(cli: ...)}, else {@code
 * SLIPWAY_COMPOSE_CLI}, else the first that answers of {@code docker
 * compose} (v2), {@code docker-compose}, {@code podman compose}, {@code podman-compose}.
 */
final class ComposeCli {

  static final List<List<String>> CANDIDATES =
      List.of(List.of("docker", "compose"), List.of("docker-compose"), List.of("podman", "compose"), List.of("podman-compose"));

  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+[\\w.+-]*");

  private static final Map<String, Optional<List<String>>> DETECTED = new java.util.concurrent.ConcurrentHashMap<>();

  private final List<String> command;
  private final List<String> engine;
  private final Map<String, String> environment;
  private final Optional<EngineSocket> socket;

  /** @param engine the container engine's own CLI, which {@link #engine} runs */
  ComposeCli(List<String> command, List<String> engine, Map<String, String> environment) {
    this(command, engine, environment, Optional.empty());
  }

  private ComposeCli(List<String> command, List<String> engine, Map<String, String> environment, Optional<EngineSocket> socket) {
    this.command = List.copyOf(command);
    this.engine = List.copyOf(engine);
    this.environment = environment;
    this.socket = socket;
  }

  /**
   * Whether this CLI talks to the engine through its Docker-compatible API socket: every one but
   * podman-compose, which runs the podman CLI itself.
   */
  boolean needsEngineSocket() {
    return !Path.of(command.get(0)).getFileName().toString().equals("podman-compose");
  }

  /** This CLI with DOCKER_HOST on {@code socket} for every Compose and engine CLI call. */
  ComposeCli through(EngineSocket socket) {
    return new ComposeCli(command, engine, socket.environmentFor(environment), Optional.of(socket));
  }

  /**
   * How this CLI reaches the engine, for {@code status}: {@code engine: podman 4.3.1 (unix://...,
   * started for this command)} and {@code compose: docker compose 2.26.1}.
   */
  List<String> about(Path directory) {
    String engineLine = socket.map(EngineSocket::about).orElse("engine: " + String.join(" ", engine) + " (through " + describe() + ", no API socket)");
    Result version = run(directory, List.of("version"), 20);
    Matcher number = VERSION.matcher(version.ok() ? version.output() : "");
    return List.of(engineLine, "compose: " + describe() + (number.find() ? " " + number.group() : " (version unknown)"));
  }

  private static ComposeCli of(List<String> command, Map<String, String> environment) {
    return new ComposeCli(command, engineOf(command, environment), environment);
  }

  static ComposeCli choose(Optional<String> fromScript, Map<String, String> environment) {
    Optional<String> chosen = fromScript.or(() -> Optional.ofNullable(environment.get("SLIPWAY_COMPOSE_CLI")));
    if (chosen.isPresent()) {
      return of(Arrays.asList(chosen.get().trim().split("\\s+")), environment);
    }
    // Each probe starts a process; a deploy asks once per service, so remember the answer per PATH.
    Optional<List<String>> found = DETECTED.computeIfAbsent(
        String.valueOf(environment.get("PATH")),
        path -> CANDIDATES.stream().filter(candidate -> of(candidate, environment).answers()).findFirst());
    if (found.isPresent()) {
      return of(found.get(), environment);
    }
    throw new TargetFailure(
        "no Compose command found (tried docker compose, docker-compose, podman compose, podman-compose):"
            + " install one (scripts/setup-containers does), or name it with compose(cli: '...') or SLIPWAY_COMPOSE_CLI",
        true);
  }

  String describe() {
    return String.join(" ", command);
  }

  /** The exit code a run that passed its time limit reports, as coreutils' timeout does. */
  static final int TIMED_OUT = 124;

  /** A finished Compose run. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** A failed or stuck run is a result, not an error: a health probe that hangs is one more failed probe. */
  Result run(Path directory, List<String> arguments, long timeoutSeconds) {
    return run(command, directory, arguments, timeoutSeconds);
  }

  private Result run(List<String> program, Path directory, List<String> arguments, long timeoutSeconds) {
    try {
      ProcessRunner.Finished finished =
          ProcessRunner.standard().run(command(program, directory, arguments).withTimeout(Duration.ofSeconds(timeoutSeconds)));
      return new Result(finished.exitCode(), finished.output());
    } catch (ProcessTimeoutException e) {
      return new Result(TIMED_OUT, e.output() + (e.output().endsWith("\n") || e.output().isEmpty() ? "" : "\n") + e.getMessage());
    } catch (InterruptedIOException e) {
      throw new TargetFailure(e.getMessage(), false);
    } catch (IOException e) {
      throw new TargetFailure(e.getMessage(), true);
    }
  }

  /** Runs until the command ends or this thread is interrupted, handing each output line to {@code sink}. */
  void stream(Path directory, List<String> arguments, Consumer<String> sink) {
    try {
      ProcessRunner.standard().run(command(command, directory, arguments).untilInterrupted(), sink);
    } catch (InterruptedIOException stoppedByTheUser) {
      // Following ends this way; the thread stays interrupted for its caller to see.
    } catch (IOException e) {
      throw new TargetFailure(e.getMessage(), true);
    }
  }

  /** {@code program} with {@code arguments}, in {@code directory}, with the environment this CLI was chosen for. */
  private ExternalCommand command(List<String> program, Path directory, List<String> arguments) {
    List<String> full = new ArrayList<>(program);
    full.addAll(arguments);
    return ExternalCommand.of(full, directory).withEnvironment(environment);
  }

  List<String> engineCommand() {
    return engine;
  }

  /** What this CLI's processes run with: the deployer's variables, and DOCKER_HOST on the socket found for the command. */
  Map<String, String> environment() {
    return environment;
  }

  /** Runs the container engine's own CLI against the engine this Compose CLI drives. */
  Result engine(Path directory, List<String> arguments, long timeoutSeconds) {
    return run(engine, directory, arguments, timeoutSeconds);
  }

  /**
   * podman for {@code podman compose} and podman-compose, else docker (which follows DOCKER_HOST,
   * as Compose does) when installed, else podman (a local podman serving the Docker API).
   */
  private static List<String> engineOf(List<String> command, Map<String, String> environment) {
    boolean docker = ContainerEngine.onPath("docker", environment.getOrDefault("PATH", "")).isPresent();
    return List.of(command.get(0).startsWith("podman") || !docker ? "podman" : "docker");
  }

  /**
   * Whether the engine runs the containers' health checks by itself; podman without systemd does
   * not, and its health stays {@code starting}.
   */
  boolean engineRunsHealthChecks() {
    return socket.map(EngineSocket::runsHealthChecks).orElse(true);
  }

  /**
   * Where the engine runs no health checks of its own, runs podman's check of each container once
   * ({@code podman healthcheck run}), so that {@code podman ps} and {@code compose ps} show the
   * result of the check Slipway just made instead of {@code starting} forever. The podman CLI uses
   * the same user's storage as the service Slipway talks to, so it sees the same containers.
   *
   * @return whether podman recorded a result for every container
   */
  boolean runEngineChecks(Path directory, List<String> containerIds) {
    if (engineRunsHealthChecks() || containerIds.isEmpty()) {
      return false;
    }
    Optional<Path> podman = ContainerEngine.onPath("podman", environment.getOrDefault("PATH", ""));
    if (podman.isEmpty()) {
      return false;
    }
    boolean recorded = true;
    for (String id : containerIds) {
      // 0 healthy, 1 unhealthy: either is recorded; anything else (125) is podman failing to run it.
      int exit = run(List.of(podman.get().toString()), directory, List.of("healthcheck", "run", id), 60).exitCode();
      recorded &= exit == 0 || exit == 1;
    }
    return recorded;
  }

  private boolean answers() {
    try {
      return run(Path.of("."), List.of("version"), 20).ok();
    } catch (TargetFailure notInstalled) {
      return false;
    }
  }

  /** The failure for an engine that {@link #saysUnreachable} of, reached through the Compose CLI {@code describe}d so. */
  static TargetFailure engineUnreachable(String describe) {
    return new TargetFailure(
        "the container engine is unreachable from " + describe + ": start it (podman system service, or the Docker daemon) and check DOCKER_HOST", true);
  }

  /** Engine unreachable, in the words the Docker and podman clients use. */
  static boolean saysUnreachable(String output) {
    String text = output.toLowerCase();
    return text.contains("cannot connect to the docker daemon") || text.contains("connection refused")
        || text.contains("no such file or directory") && text.contains(".sock") || text.contains("permission denied") && text.contains(".sock");
  }
}
