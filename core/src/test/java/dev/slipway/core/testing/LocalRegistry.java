package dev.slipway.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry (Debian's docker-registry, the CNCF Distribution server) on a free
 * loopback port, with its storage in a temporary directory; stopped by its PID on close. Its log
 * records every blob HEAD and PUT, which tests read to prove what was uploaded.
 */
public final class LocalRegistry implements AutoCloseable {

  private final Process process;
  private final Path root;
  private final int port;
  private final Path log;

  private LocalRegistry(Process process, Path root, int port, Path log) {
    this.process = process;
    this.root = root;
    this.port = port;
    this.log = log;
  }

  public static LocalRegistry start() {
    return start(null, null);
  }

  /** A registry that accepts only {@code user}/{@code password} (htpasswd, bcrypt). */
  public static LocalRegistry startWithLogin(String user, String password) {
    return start(user, password);
  }

  private static LocalRegistry start(String user, String password) {
    ContainerTools.require("docker-registry");
    try {
      Path root = Files.createTempDirectory("slipway-registry-");
      int port = freePort();
      Path config = root.resolve("config.yml");
      String auth = "";
      if (user != null) {
        ContainerTools.require("htpasswd");
        Path htpasswd = root.resolve("htpasswd");
        ContainerTools.run(List.of("htpasswd", "-Bbc", htpasswd.toString(), user, password));
        auth = String.join("\n", "auth:", "  htpasswd:", "    realm: slipway-test", "    path: " + htpasswd, "");
      }
      Files.writeString(config, auth + String.join("\n",
          "version: 0.1",
          "log:",
          "  level: info",
          "  accesslog:",
          "    disabled: false",
          "storage:",
          "  filesystem:",
          "    rootdirectory: " + root.resolve("data"),
          "  delete:",
          "    enabled: true",
          "http:",
          "  addr: 127.0.0.1:" + port,
          ""));
      Path log = root.resolve("registry.log");
      Process process =
          new ProcessBuilder(ContainerTools.find("docker-registry").toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      LocalRegistry registry = new LocalRegistry(process, root, port, log);
      registry.awaitReady();
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT}, the host part of image references pushed here. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body of a 200 answer, or null for any other status. */
  public String get(String path) {
    HttpResponse<String> response = request(path);
    return response.statusCode() == 200 ? response.body() : null;
  }

  /** Repositories the registry holds ({@code /v2/_catalog}). */
  public String catalog() {
    return String.valueOf(get("/v2/_catalog"));
  }

  private HttpResponse<String> request(String path) {
    try {
      return
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://" + address() + path))
                      .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("docker-registry exited at start:\n" + log());
      }
      try {
        request("/v2/");
        return;
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      sleep(100);
    }
    close();
    fail("docker-registry did not answer on " + address() + " within 20 s:\n" + log());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temporary directory; the OS reclaims it
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A closed loopback port: nothing listens there. */
  public static int closedPort() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> skopeoCopy(Path dockerArchive, String destination) {
    ContainerTools.require("skopeo");
    ContainerTools.run(List.of("skopeo", "copy", "--quiet", "--dest-tls-verify=false", "docker-archive:" + dockerArchive, "docker://" + destination));
    return List.of(destination);
  }
}
