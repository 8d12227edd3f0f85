package dev.slipway.compose.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.build.ContainerEngine;
import dev.slipway.core.hash.Sha256;
import dev.slipway.core.process.ExternalCommand;
import dev.slipway.core.process.ProcessRunner;
import dev.slipway.core.target.TargetFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The container engine's API socket that one command's Compose and engine CLI calls go to, found
 * the way docker and podman users expect: {@code DOCKER_HOST} as given; else the docker CLI's
 * current context ({@code DOCKER_CONTEXT}, else {@code currentContext} in its {@code
 * config.json}); else the first of {@code /var/run/docker.sock}, podman's rootful {@code
 * /run/podman/podman.sock} and the user's rootless {@code $XDG_RUNTIME_DIR/podman/podman.sock}
 * that answers; else, with podman installed, {@code podman system service} on a socket in a
 * private directory, started for the command and stopped by {@link #close}. A socket answers when
 * {@code GET /version} over it gets an HTTP response within a few seconds.
 *
 * <p>A {@code DOCKER_HOST} or context the user chose that does not answer is an error naming it,
 * never a reason to go looking elsewhere: the docker CLI would fail the same way.
 */
final class EngineSocket implements AutoCloseable {

  private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SERVICE_START_LIMIT = Duration.ofSeconds(30);

  /**
   * Where discovery looks besides the environment variables, so tests can point it elsewhere.
   *
   * @param wellKnown the sockets tried in order after DOCKER_HOST and the docker context
   * @param podman the podman that can start a service, when installed
   * @param privateDirs where the started service's private directory goes
   */
  record Places(List<Path> wellKnown, Optional<Path> podman, Path privateDirs) {
    Places {
      wellKnown = List.copyOf(wellKnown);
    }

    /** The places of this machine as {@code environment} describes it (XDG_RUNTIME_DIR, PATH). */
    static Places of(Map<String, String> environment) {
      Optional<Path> runtime = Optional.ofNullable(environment.get("XDG_RUNTIME_DIR")).filter(dir -> !dir.isBlank()).map(Path::of);
      Path rootless = runtime.orElseGet(() -> Path.of("/run/user", userId())).resolve("podman/podman.sock");
      Path privateDirs = runtime.filter(Files::isDirectory).filter(Files::isWritable).orElse(Path.of(System.getProperty("java.io.tmpdir")));
      return new Places(List.of(Path.of("/var/run/docker.sock"), Path.of("/run/podman/podman.sock"), rootless),
          ContainerEngine.onPath("podman", environment.getOrDefault("PATH", "/usr/bin:/bin")), privateDirs);
    }

    private static String userId() {
      try {
        return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
      } catch (IOException | UnsupportedOperationException e) {
        return String.valueOf(System.getProperty("user.name"));
      }
    }
  }

  /**
   * What answered on the socket.
   *
   * @param name {@code podman} or {@code docker}
   */
  record Engine(String name, String version) {}

  private final String host;
  private final String foundBy;
  private final Optional<Engine> engine;
  private final boolean setsDockerHost;
  private final Optional<ProcessRunner.Background> service;

  private EngineSocket(String host, String foundBy, Optional<Engine> engine, boolean setsDockerHost, Optional<ProcessRunner.Background> service) {
    this.host = host;
    this.foundBy = foundBy;
    this.engine = engine;
    this.setsDockerHost = setsDockerHost;
    this.service = service;
  }

  static EngineSocket find(Map<String, String> environment) {
    return find(environment, Places.of(environment));
  }

  /** @throws TargetFailure unreachable, naming what was tried, when no engine answers */
  static EngineSocket find(Map<String, String> environment, Places places) {
    String dockerHost = environment.getOrDefault("DOCKER_HOST", "").strip();
    if (!dockerHost.isEmpty()) {
      return chosen(dockerHost, "DOCKER_HOST=" + dockerHost, "from DOCKER_HOST", "unset DOCKER_HOST to let Slipway find an engine", environment);
    }
    Optional<DockerContext> context = DockerContext.current(environment);
    if (context.isPresent()) {
      DockerContext named = context.get();
      return chosen(named.host(), "docker context '" + named.name() + "' (" + named.host() + ")", "docker context '" + named.name() + "'",
          "switch with `docker context use default` to let Slipway find an engine", environment);
    }
    List<String> tried = new ArrayList<>(List.of("DOCKER_HOST (not set)", "docker context (default)"));
    for (Path socket : places.wellKnown()) {
      if (!Files.exists(socket)) {
        tried.add(socket + " (absent)");
        continue;
      }
      if (!Files.isReadable(socket)) {
        tried.add(socket + " (not readable by this user)");
        continue;
      }
      Answer answer = ping("unix://" + socket);
      if (answer.engine().isPresent()) {
        return new EngineSocket("unix://" + socket, "", answer.engine(), true, Optional.empty());
      }
      tried.add(socket + " (" + answer.why() + ")");
    }
    if (places.podman().isPresent()) {
      return startPodman(places.podman().get(), places.privateDirs(), environment);
    }
    tried.add("podman system service (podman is not on PATH)");
    throw new TargetFailure("no container engine answers; tried " + String.join(", ", tried)
        + ": install podman (scripts/setup-containers does) or start Docker, or set DOCKER_HOST", true);
  }

  /** The engine the user named: it must answer, or the command stops here. */
  private static EngineSocket chosen(String host, String named, String foundBy, String orElse, Map<String, String> environment) {
    boolean unix = host.startsWith("unix://");
    if (!unix && !host.startsWith("tcp://")) {
      // ssh:// and the like: the docker CLI and Compose connect by themselves; Slipway cannot check it first.
      return new EngineSocket(host, foundBy + ", not checked", Optional.empty(), false, Optional.empty());
    }
    Answer answer = ping(host);
    if (answer.engine().isEmpty()) {
      throw new TargetFailure(named + " does not answer (" + answer.why() + "): start the engine there, or " + orElse, true);
    }
    // A context's TLS settings live in the context, which the CLIs read themselves; DOCKER_HOST would bypass them.
    boolean setsDockerHost = foundBy.startsWith("from DOCKER_HOST") || unix;
    return new EngineSocket(host, foundBy, answer.engine(), setsDockerHost, Optional.empty());
  }

  private static EngineSocket startPodman(Path podman, Path privateDirs, Map<String, String> environment) {
    Path dir;
    try {
      dir = Files.createTempDirectory(privateDirs, "slipway-engine-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new TargetFailure("cannot make a private directory for podman's socket in " + privateDirs + ": " + e.getMessage(), true);
    }
    String host = "unix://" + dir.resolve("podman.sock");
    ProcessRunner.Background service;
    try {
      service = ProcessRunner.standard().background(
          ExternalCommand.of(List.of(podman.toString(), "system", "service", "--time=0", host), dir).withEnvironment(environment), dir);
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new TargetFailure("cannot start podman's API service: " + e.getMessage(), true);
    }
    long end = System.nanoTime() + SERVICE_START_LIMIT.toNanos();
    String why = "it ended";
    while (System.nanoTime() < end && service.isAlive()) {
      if (Files.exists(dir.resolve("podman.sock"))) {
        Answer answer = ping(host);
        if (answer.engine().isPresent()) {
          return new EngineSocket(host, "started for this command", answer.engine(), true, Optional.of(service));
        }
        why = answer.why();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        why = "interrupted";
        break;
      }
    }
    String output = service.output();
    service.stop();
    throw new TargetFailure("podman system service " + host + " did not answer within " + SERVICE_START_LIMIT.toSeconds() + " s ("
        + why + (output.isBlank() ? "" : "; it said: " + ComposeProject.lastLine(output)) + "): check that `podman info` works", true);
  }

  /** The host the command's CLIs go to: {@code unix:///...}, or as the user gave it. */
  String host() {
    return host;
  }

  /** Whether Slipway started the engine's service for this command. */
  boolean started() {
    return service.isPresent();
  }

  Optional<Engine> engine() {
    return engine;
  }

  /** {@code environment} with DOCKER_HOST on this socket, for every Compose and engine CLI call of the command. */
  Map<String, String> environmentFor(Map<String, String> environment) {
    if (!setsDockerHost) {
      return environment;
    }
    Map<String, String> out = new HashMap<>(environment);
    out.put("DOCKER_HOST", host);
    return out;
  }

  /** {@code engine: podman 4.3.1 (unix:///run/user/1000/podman/podman.sock, started for this command)}. */
  String about() {
    String what = engine.map(e -> e.name() + " " + e.version()).orElse("unknown");
    return "engine: " + what + " (" + host + (foundBy.isEmpty() ? "" : ", " + foundBy) + ")";
  }

  /**
   * Whether the engine runs the containers' health checks by itself. Podman does so only through
   * systemd timers: without systemd as init, a container with a check stays {@code starting}.
   */
  boolean runsHealthChecks() {
    boolean localPodman = host.startsWith("unix://") && engine.map(e -> e.name().equals("podman")).orElse(false);
    return !localPodman || Files.isDirectory(Path.of("/run/systemd/system"));
  }

  /** Stops a service started for the command, by its pid, and removes its private directory. */
  @Override
  public void close() {
    service.ifPresent(ProcessRunner.Background::stop);
  }

  /** What a socket said to {@code GET /version}: the engine, or why there is none. */
  record Answer(Optional<Engine> engine, String why) {}

  static Answer ping(String host) {
    String response;
    try {
      response = host.startsWith("unix://") ? getOverUnixSocket(Path.of(host.substring("unix://".length()))) : getOverTcp(URI.create(host));
    } catch (IOException e) {
      return new Answer(Optional.empty(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    if (!response.startsWith("HTTP/")) {
      return new Answer(Optional.empty(), response.isEmpty() ? "no answer" : "not an HTTP answer");
    }
    int body = response.indexOf("\r\n\r\n");
    String name = response.toLowerCase().contains("libpod") ? "podman" : "docker";
    String version = "unknown";
    if (body > 0) {
      try {
        JsonNode json = new ObjectMapper().readTree(response.substring(body + 4));
        version = json.path("Version").asText("unknown");
        for (JsonNode component : json.path("Components")) {
          if (component.path("Name").asText().toLowerCase().contains("podman")) {
            name = "podman";
          }
        }
      } catch (IOException notJson) {
        // An answer all the same, e.g. a TLS port's complaint about plain HTTP.
      }
    }
    return new Answer(Optional.of(new Engine(name, version)), "");
  }

  private static final String REQUEST = "GET /version HTTP/1.0\r\nHost: docker\r\n\r\n";

  private static String getOverUnixSocket(Path socket) throws IOException {
    if (!Files.exists(socket)) {
      throw new IOException("no such socket");
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap(REQUEST.getBytes(StandardCharsets.US_ASCII)));
      // Non-blocking with a deadline: a socket whose server accepts and never answers must not hang the command.
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      StringBuilder text = new StringBuilder();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      long end = System.nanoTime() + PING_TIMEOUT.toNanos();
      while (true) {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new IOException("no answer within " + PING_TIMEOUT.toSeconds() + " s");
        }
        selector.select(left);
        selector.selectedKeys().clear();
        buffer.clear();
        int read = channel.read(buffer);
        if (read < 0) {
          return text.toString();
        }
        text.append(new String(buffer.array(), 0, read, StandardCharsets.UTF_8));
      }
    }
  }

  private static String getOverTcp(URI host) throws IOException {
    try (Socket socket = new Socket()) {
      int timeout = (int) PING_TIMEOUT.toMillis();
      socket.connect(new InetSocketAddress(host.getHost(), host.getPort() < 0 ? 2375 : host.getPort()), timeout);
      socket.setSoTimeout(timeout);
      OutputStream out = socket.getOutputStream();
      out.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The docker CLI's current context when it is not {@code default}: {@code DOCKER_CONTEXT}, else
   * {@code currentContext} in {@code $DOCKER_CONFIG/config.json} (or {@code ~/.docker}); its
   * endpoint is in {@code contexts/meta/<sha256 of the name>/meta.json}, as the docker CLI stores it.
   */
  record DockerContext(String name, String host) {

    static Optional<DockerContext> current(Map<String, String> environment) {
      Path config = Optional.ofNullable(environment.get("DOCKER_CONFIG")).filter(dir -> !dir.isBlank()).map(Path::of)
          .orElseGet(() -> Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".docker"));
      String name = Optional.ofNullable(environment.get("DOCKER_CONTEXT")).filter(n -> !n.isBlank())
          .orElseGet(() -> read(config.resolve("config.json")).path("currentContext").asText(""));
      if (name.isEmpty() || name.equals("default")) {
        return Optional.empty();
      }
      Path meta = config.resolve("contexts/meta").resolve(Sha256.hex(name)).resolve("meta.json");
      String host = read(meta).path("Endpoints").path("docker").path("Host").asText("");
      if (host.isEmpty()) {
        throw new TargetFailure("docker context '" + name + "' is not defined (no Endpoints.docker.Host in " + meta
            + "): create it with `docker context create`, or switch with `docker context use default`", true);
      }
      return Optional.of(new DockerContext(name, host));
    }

    private static JsonNode read(Path json) {
      if (!Files.isRegularFile(json)) {
        return new ObjectMapper().createObjectNode();
      }
      try {
        return new ObjectMapper().readTree(json.toFile());
      } catch (IOException e) {
        throw new TargetFailure("cannot read " + json + ": " + e.getMessage() + ": fix or remove it", true);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A temporary directory left behind holds no secret: a socket and podman's own log.
    }
  }
}
