package dev.slipway.compose.apply;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A unix socket that answers every request as an engine answers {@code GET /version}, with a
 * fixed body, then closes the connection. It does not emulate the rest of the engine's API (no
 * Compose CLI can run against it): it stands in where only "does an engine answer here, and which"
 * matters.
 */
public final class FakeEngineApi implements AutoCloseable {

  /** What podman 4.3.1's service answers, shortened. */
  public static final String PODMAN = "{\"Components\":[{\"Name\":\"Podman Engine\",\"Version\":\"4.3.1\"}],\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\"}";

  /** What a Docker daemon answers, shortened. */
  public static final String DOCKER = "{\"Platform\":{\"Name\":\"Docker Engine - Community\"},\"Components\":[{\"Name\":\"Engine\",\"Version\":\"27.3.1\"}],"
      + "\"Version\":\"27.3.1\",\"ApiVersion\":\"1.47\"}";

  private final ServerSocketChannel server;
  private final Path socket;
  private final Thread thread;

  private FakeEngineApi(ServerSocketChannel server, Path socket, String body) {
    this.server = server;
    this.socket = socket;
    this.thread = new Thread(() -> serve(body), "fake-engine-api");
    thread.setDaemon(true);
    thread.start();
  }

  /** Listens at {@code socket} (its directory is created), answering with {@code body}. */
  public static FakeEngineApi at(Path socket, String body) throws IOException {
    Files.createDirectories(socket.getParent());
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return new FakeEngineApi(server, socket, body);
  }

  /** {@code unix://<socket>}, as DOCKER_HOST takes it. */
  public String host() {
    return "unix://" + socket;
  }

  private void serve(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        client.read(ByteBuffer.allocate(4096));
        client.write(ByteBuffer.wrap((head + body).getBytes(StandardCharsets.UTF_8)));
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }
}
