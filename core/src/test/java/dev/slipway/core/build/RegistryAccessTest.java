package dev.slipway.core.build;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a registry can be pushed to, asked before a build: against real registries
 * (docker-registry, with and without a login) and, for the credential exchanges that only happen
 * over HTTPS, a small HTTPS registry with a self-signed certificate.
 */
class RegistryAccessTest {

  private static final String PASSWORD = "s3cret";
  private static SSLContext tls;

  @TempDir static Path keys;

  private HttpsServer server;
  private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void selfSignedCertificate() throws Exception {
    Path store = keys.resolve("registry.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "registry",
        "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, keytool.waitFor(), output);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, PASSWORD.toCharArray());
    tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void check_nothingListens_unreachable() {
    String registry = "127.0.0.1:" + LocalRegistry.closedPort();

    RegistryFailure failure = assertThrows(RegistryFailure.class, () -> new RegistryAccess(true).check(image(registry)));

    assertEquals("registry " + registry + " is unreachable (connection refused): start it or check the address in 'registry'; nothing was built"
        + " or deployed", failure.getMessage());
  }

  @Test
  void check_registryAnswers_passes() {
    try (LocalRegistry registry = LocalRegistry.start()) {
      assertDoesNotThrow(() -> new RegistryAccess(true).check(image(registry.address())));
    }
  }

  @Test
  void check_registryWithALoginOverPlainHttp_credentialsWouldNeverBeSent() {
    ContainerTools.require("htpasswd");
    try (LocalRegistry registry = LocalRegistry.startWithLogin("deployer", PASSWORD)) {
      RegistryFailure failure = assertThrows(RegistryFailure.class,
          () -> new RegistryAccess(true, image -> Optional.of(Credential.from("deployer", PASSWORD))).check(image(registry.address())));

      assertTrue(failure.getMessage().startsWith("registry " + registry.address() + " requires credentials (unauthorized), which are never sent"
          + " over plain HTTP"), failure.getMessage());
    }
  }

  @Test
  void check_basicLogin_noCredentialsConfigured_saysHowToLogIn() throws IOException {
    String registry = httpsRegistry("Basic realm=\"registry\"");

    RegistryFailure failure = assertThrows(RegistryFailure.class, () -> new RegistryAccess(true, image -> Optional.empty()).check(image(registry)));

    assertEquals("registry " + registry + " wants credentials to push shop/web and none are configured for it: log in with `docker login "
        + registry + "` (or podman login), or configure a credential helper; nothing was built or deployed", failure.getMessage());
  }

  @Test
  void check_basicLogin_wrongPassword_refused() throws IOException {
    String registry = httpsRegistry("Basic realm=\"registry\"");

    RegistryFailure failure = assertThrows(RegistryFailure.class,
        () -> new RegistryAccess(true, image -> Optional.of(Credential.from("deployer", "wrong"))).check(image(registry)));

    assertEquals("registry " + registry + " refused the credentials configured for it (HTTP 401): log in again with `docker login " + registry
        + "` (or podman login); nothing was built or deployed", failure.getMessage());
  }

  @Test
  void check_basicLogin_rightPassword_passes() throws IOException {
    String registry = httpsRegistry("Basic realm=\"registry\"");

    assertDoesNotThrow(() -> new RegistryAccess(true, image -> Optional.of(Credential.from("deployer", PASSWORD))).check(image(registry)));
  }

  @Test
  void check_tokenLogin_asksTheRealmForPushAccessToTheRepository() throws IOException {
    String registry = httpsRegistry("Bearer realm=\"https://%s/token\",service=\"test-registry\"");

    assertDoesNotThrow(() -> new RegistryAccess(true, image -> Optional.of(Credential.from("deployer", PASSWORD))).check(image(registry)));

    assertEquals(List.of("service=test-registry&scope=repository:shop/web:pull,push"), tokenRequests);
  }

  @Test
  void check_tokenLogin_wrongPassword_refused() throws IOException {
    String registry = httpsRegistry("Bearer realm=\"https://%s/token\",service=\"test-registry\"");

    RegistryFailure failure = assertThrows(RegistryFailure.class,
        () -> new RegistryAccess(true, image -> Optional.of(Credential.from("deployer", "wrong"))).check(image(registry)));

    assertTrue(failure.getMessage().startsWith("registry " + registry + " refused the credentials configured for it (HTTP 401)"), failure.getMessage());
  }

  @Test
  void check_selfSignedCertificateNotAllowed_saysHowToAllowIt() throws IOException {
    String registry = httpsRegistry("Basic realm=\"registry\"");

    RegistryFailure failure = assertThrows(RegistryFailure.class, () -> new RegistryAccess(false).check(image(registry)));

    assertTrue(failure.getMessage().startsWith("registry " + registry + " does not answer over HTTPS ("), failure.getMessage());
    assertTrue(failure.getMessage().endsWith("): if it serves plain HTTP or an unverified certificate, allow it with registry '...', insecure: true"
        + " or --insecure-registry " + registry + "; nothing was built or deployed"), failure.getMessage());
  }

  private static ImageReference image(String registry) {
    return ImageBuilder.parse(registry + "/shop/web:src-1", "image");
  }

  /**
   * An HTTPS registry whose API root wants {@code challenge} ({@code %s} is its own address) and
   * takes deployer/{@value #PASSWORD}: at the root for basic, at {@code /token} for a token.
   */
  private String httpsRegistry(String challenge) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    String address = "127.0.0.1:" + server.getAddress().getPort();
    String accepted = "Basic " + Base64.getEncoder().encodeToString(("deployer:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    boolean token = challenge.startsWith("Bearer");
    server.createContext("/v2/", exchange -> {
      boolean in = !token && accepted.equals(exchange.getRequestHeaders().getFirst("Authorization"));
      if (!in) {
        exchange.getResponseHeaders().add("WWW-Authenticate", challenge.formatted(address));
      }
      answer(exchange, in ? 200 : 401);
    });
    server.createContext("/token", exchange -> {
      tokenRequests.add(exchange.getRequestURI().getQuery());
      answer(exchange, accepted.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401);
    });
    server.start();
    return address;
  }

  private static void answer(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
