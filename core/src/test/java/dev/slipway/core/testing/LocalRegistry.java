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
import java.time.Duration;
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
    ContainerTools.require("docker-registry");
    try {
      Path root = Files.createTempDirectory("slipway-registry-");
      int port = freePort();
      Path config = root.resolve("config.yml");
      Files.writeString(config, String.join("\n",
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

  /** Bytes the registry received in blob uploads since the start (PUT and PATCH bodies). */
  public long uploadedBytes() {
    long total = 0;
    for (String line : log().lines().toList()) {
      // Access log lines: ... "PATCH /v2/x/blobs/uploads/... HTTP/1.1" 202 0 ... and request size in "contentLength"
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("http.request.contentlength=(\\d+)").matcher(line);
      if (line.contains("/blobs/uploads/") && m.find()) {
        total += Long.parseLong(m.group(1));
      }
    }
    return total;
  }

  public String get(String path) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://" + address() + path))
                      .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
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
        if (get("/v2/") != null) {
          return;
        }
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
