package dev.slipway.compose.render;

import static dev.slipway.core.model.TestModel.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * front_proxy.py run by the host's python3 in front of a local HTTP server: the service name is
 * {@code localhost}, so its one address is the server's.
 */
class FrontProxyTest {

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer upstream;
  private Process proxy;
  private int listen;
  private int admin;

  @BeforeEach
  void start() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " [" + body + "] from " + exchange.getRequestHeaders().getFirst("X-Forwarded-For"));
      byte[] answer = ("got " + body.length() + " bytes").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Answered-By", "upstream");
      exchange.sendResponseHeaders(201, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    upstream.start();
    listen = freePort();
    admin = freePort();
    List<String> command = new ArrayList<>(FrontProxy.entrypoint());
    command.addAll(List.of("localhost", String.valueOf(admin), listen + ":" + upstream.getAddress().getPort()));
    proxy = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 100 && !answers(admin("ready")); i++) {
      Thread.sleep(100);
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    proxy.destroy();
    proxy.waitFor(5, TimeUnit.SECONDS);
    upstream.stop(0);
  }

  @Test
  void request_isForwardedWithItsBody_andTheAnswerComesBack() throws Exception {
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/notes?page=2")).POST(HttpRequest.BodyPublishers.ofString("buy milk")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(201, response.statusCode());
    assertEquals("got 8 bytes", response.body());
    assertEquals("upstream", response.headers().firstValue("X-Answered-By").orElse(""));
    assertEquals(List.of("POST /notes?page=2 [buy milk] from 127.0.0.1"), received);
  }

  @Test
  void chunkedRequestBody_arrivesWhole_andTheConnectionStaysUsable() throws Exception {
    HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/upload"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("a body of unknown length".getBytes(StandardCharsets.UTF_8))))
        .build();

    HttpResponse<String> first = client.send(chunked, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/after")).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals("got 24 bytes", first.body());
    assertEquals(201, second.statusCode());
    assertEquals(List.of("POST /upload [a body of unknown length] from 127.0.0.1", "GET /after [] from 127.0.0.1"), received);
  }

  @Test
  void swap_withoutNewContainers_isRefused_andTheOldOnesKeepServing() throws Exception {
    assertEquals(200, admin("freeze").statusCode());

    HttpResponse<String> swap = admin("swap");

    assertEquals(409, swap.statusCode());
    assertEquals("no new container of localhost is reachable", swap.body());
    assertEquals(201, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, admin("release").statusCode());
  }

  @Test
  void adminCommand_asksTheAdminPortTheRendererGivesTheProxy() {
    List<String> command = FrontProxy.adminCommand(service("web").python("app", "python app.py").port(8000).replicas(2).build(), "swap");

    assertEquals(List.of("18999", "swap"), command.subList(command.size() - 2, command.size()));
    assertTrue(command.get(2).contains("urllib.request.urlopen"), command.get(2));
  }

  private HttpResponse<String> admin(String action) throws InterruptedException {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/" + action)).timeout(Duration.ofSeconds(40)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException notYetListening) {
      return null;
    }
  }

  private static boolean answers(HttpResponse<String> response) {
    return response != null && response.statusCode() == 200;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
