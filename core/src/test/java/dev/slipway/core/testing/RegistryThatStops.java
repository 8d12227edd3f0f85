package dev.slipway.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain-HTTP registry that answers as an empty one does (no manifests, no blobs) until a client
 * starts its first blob upload, and then stops for good, as a registry killed in the middle of a
 * push does: the upload it accepted goes nowhere, open connections drop and new ones are refused.
 * (Killing a real registry during a push would race the push.) Like a real plain-HTTP registry it
 * drops a TLS handshake at once, so clients fall back to HTTP without waiting for a timeout.
 */
public final class RegistryThatStops implements AutoCloseable {

  private static final int TLS_HANDSHAKE = 0x16;

  private final ServerSocket front;
  private final HttpServer registry;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();

  private RegistryThatStops(ServerSocket front, HttpServer registry) {
    this.front = front;
    this.registry = registry;
  }

  public static RegistryThatStops start() {
    try {
      HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ServerSocket front = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      RegistryThatStops stopping = new RegistryThatStops(front, registry);
      registry.createContext("/", stopping::answer);
      registry.start();
      Thread accept = new Thread(stopping::accept, "registry-that-stops");
      accept.setDaemon(true);
      accept.start();
      return stopping;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT}, the host part of image references pushed here. */
  public String address() {
    return "127.0.0.1:" + front.getLocalPort();
  }

  /** Whether a push got as far as its first upload, and the registry has stopped. */
  public boolean stopped() {
    return stopped.get();
  }

  private void accept() {
    while (!front.isClosed()) {
      try {
        Socket client = front.accept();
        open.add(client);
        Thread connection = new Thread(() -> serve(client), "registry-that-stops-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** Hands a plain HTTP connection to the registry behind; a TLS handshake is dropped. */
  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      int first = in.read();
      if (first < 0 || first == TLS_HANDSHAKE) {
        return;
      }
      try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), registry.getAddress().getPort())) {
        open.add(backend);
        OutputStream toBackend = backend.getOutputStream();
        toBackend.write(first);
        Thread responses = new Thread(() -> copy(backendInput(backend), clientOutput(client)), "registry-that-stops-responses");
        responses.setDaemon(true);
        responses.start();
        copy(in, toBackend);
        responses.join();
      }
    } catch (IOException | InterruptedException dropped) {
      // the registry stopped, or the client hung up
    }
  }

  private static InputStream backendInput(Socket socket) {
    try {
      return socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OutputStream clientOutput(Socket socket) {
    try {
      return socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(InputStream from, OutputStream to) {
    byte[] buffer = new byte[8192];
    try {
      for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
        to.write(buffer, 0, read);
        to.flush();
      }
    } catch (IOException dropped) {
      // one side closed
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    if (path.equals("/v2/")) {
      send(exchange, 200, "{}");
    } else if (exchange.getRequestMethod().equals("POST") && path.endsWith("/blobs/uploads/")) {
      exchange.getResponseHeaders().add("Location", path + "upload-1");
      send(exchange, 202, "");
      Thread stopper = new Thread(this::close, "registry-that-stops-stopping");
      stopper.setDaemon(true);
      stopper.start();
    } else {
      send(exchange, 404, exchange.getRequestMethod().equals("HEAD") ? "" : "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"unknown\"}]}");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    try {
      front.close();
    } catch (IOException alreadyClosed) {
      // nothing listens any more either way
    }
    open.forEach(socket -> {
      try {
        socket.close();
      } catch (IOException alreadyClosed) {
        // dropped already
      }
    });
    registry.stop(0);
  }
}
