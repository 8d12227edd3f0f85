package dev.slipway.core.build;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Whether this machine can push to a registry, asked before anything is resolved or built: the
 * registry answers at its API root ({@code /v2/}), and when it wants credentials, docker's config
 * or a credential helper has some that it accepts for pushing. jib would find either out only at
 * its first push. Plain HTTP and unverified certificates are allowed exactly as jib allows them.
 */
final class RegistryAccess {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final String NOTHING_DONE = "; nothing was built or deployed";

  private final boolean allowInsecure;
  private final HttpClient http;
  private final Function<ImageReference, Optional<Credential>> credentials;

  /** @param allowInsecure plain HTTP and unverified certificates are allowed, as for a loopback or an {@code insecure} registry */
  RegistryAccess(boolean allowInsecure) {
    this(allowInsecure, RegistryAccess::configuredCredentials);
  }

  /** @param credentials what a push to an image would authenticate with */
  RegistryAccess(boolean allowInsecure, Function<ImageReference, Optional<Credential>> credentials) {
    this.allowInsecure = allowInsecure;
    this.credentials = credentials;
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (allowInsecure) {
      client.sslContext(trustingEveryCertificate());
    }
    this.http = client.build();
  }

  /**
   * Where jib finds credentials for {@code image}: docker's config.json (and the helpers it names),
   * then the well-known credential helpers.
   */
  static List<CredentialRetriever> retrievers(ImageReference image, Consumer<LogEvent> log) {
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, log);
    return List.of(factory.dockerConfig(), factory.wellKnownCredentialHelpers());
  }

  /** @throws RegistryFailure when the registry does not answer or will not take a push to {@code image}'s repository */
  void check(ImageReference image) {
    String registry = image.getRegistry();
    Optional<String> unreachable = Optional.empty();
    for (String scheme : allowInsecure ? List.of("https", "http") : List.of("https")) {
      HttpResponse<Void> answer;
      try {
        answer = get(URI.create(scheme + "://" + registry + "/v2/"), Optional.empty());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // Without a port, https and http are different ports: one may answer where the other does not.
        unreachable = Optional.of(why(e));
        continue;
      } catch (HttpTimeoutException e) {
        throw new RegistryFailure("registry " + registry + " accepted a connection but did not answer within " + ANSWER_TIMEOUT.toSeconds()
            + " s: check that it runs properly" + NOTHING_DONE, e);
      } catch (IOException e) {
        if (scheme.equals("https") && allowInsecure) {
          continue; // a plain-HTTP registry does not speak TLS
        }
        throw new RegistryFailure("registry " + registry + " does not answer over HTTPS (" + e.getMessage() + "): if it serves plain HTTP or an"
            + " unverified certificate, allow it with registry '...', insecure: true or --insecure-registry " + registry + NOTHING_DONE, e);
      }
      if (answer.statusCode() == 401) {
        authenticate(image, scheme, answer.headers().firstValue("WWW-Authenticate").orElse(""));
        return;
      }
      if (answer.statusCode() != 200) {
        throw new RegistryFailure("registry " + registry + " answered HTTP " + answer.statusCode() + " at /v2/: check that it runs properly" + NOTHING_DONE);
      }
      return;
    }
    throw new RegistryFailure("registry " + registry + " is unreachable (" + unreachable.orElse("no answer") + "): start it or check the address in"
        + " 'registry'" + NOTHING_DONE);
  }

  /** The failure jib's refusal to send credentials over plain HTTP ends in, for {@code registry}. */
  static RegistryFailure credentialsNeverSentOverHttp(String registry, Throwable cause) {
    return new RegistryFailure("registry " + registry + " requires credentials (unauthorized), which are never sent over plain HTTP:"
        + " serve it over HTTPS, or run `docker login " + registry + "` for an HTTPS endpoint", cause);
  }

  /** Asks for push access with the configured credentials, as docker's token or basic scheme wants it. */
  private void authenticate(ImageReference image, String scheme, String challenge) {
    String registry = image.getRegistry();
    if (scheme.equals("http")) {
      throw credentialsNeverSentOverHttp(registry, null);
    }
    Credential credential = credentials.apply(image).orElseThrow(() -> new RegistryFailure("registry " + registry + " wants credentials to push "
        + image.getRepository() + " and none are configured for it: log in with `docker login " + registry + "` (or podman login),"
        + " or configure a credential helper" + NOTHING_DONE));
    if (credential.isOAuth2RefreshToken()) {
      return; // an identity token is exchanged the registry's own way, which jib knows and this check does not
    }
    String basic = "Basic " + Base64.getEncoder().encodeToString((credential.getUsername() + ":" + credential.getPassword()).getBytes(StandardCharsets.UTF_8));
    URI access = URI.create(scheme + "://" + registry + "/v2/");
    if (challenge.toLowerCase(Locale.ROOT).startsWith("bearer")) {
      Map<String, String> parameters = challengeParameters(challenge);
      access = URI.create(parameters.getOrDefault("realm", "") + "?service=" + encode(parameters.getOrDefault("service", registry))
          + "&scope=" + encode("repository:" + image.getRepository() + ":pull,push"));
    }
    int status;
    try {
      status = get(access, Optional.of(basic)).statusCode();
    } catch (IOException e) {
      throw new RegistryFailure("registry " + registry + " asks for credentials at " + access.getHost() + ", which did not answer (" + e.getMessage()
          + "): check that this machine reaches it" + NOTHING_DONE, e);
    }
    if (status == 401 || status == 403) {
      throw new RegistryFailure("registry " + registry + " refused the credentials configured for it (HTTP " + status + "): log in again with"
          + " `docker login " + registry + "` (or podman login)" + NOTHING_DONE);
    }
    if (status != 200) {
      throw new RegistryFailure("registry " + registry + " answered HTTP " + status + " when asked for push access to " + image.getRepository()
          + ": check that it runs properly" + NOTHING_DONE);
    }
  }

  private HttpResponse<Void> get(URI uri, Optional<String> authorization) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(ANSWER_TIMEOUT);
    authorization.ifPresent(value -> request.header("Authorization", value));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryFailure("checking registry " + uri.getAuthority() + " was interrupted", e);
    }
  }

  private static String why(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
    }
    return e.getCause() instanceof UnresolvedAddressException ? "unknown host" : "connection refused";
  }

  private static Map<String, String> challengeParameters(String challenge) {
    Map<String, String> parameters = new HashMap<>();
    Matcher parameter = CHALLENGE_PARAMETER.matcher(challenge);
    while (parameter.find()) {
      parameters.put(parameter.group(1), parameter.group(2));
    }
    return parameters;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Optional<Credential> configuredCredentials(ImageReference image) {
    for (CredentialRetriever retriever : retrievers(image, log -> {})) {
      try {
        Optional<Credential> credential = retriever.retrieve();
        if (credential.isPresent()) {
          return credential;
        }
      } catch (CredentialRetrievalException e) {
        throw new RegistryFailure("the credentials for registry " + image.getRegistry() + " cannot be read (" + e.getMessage()
            + "): fix docker's config.json or the credential helper it names" + NOTHING_DONE, e);
      }
    }
    return Optional.empty();
  }

  /** What jib's "allow insecure registries" means for TLS: any certificate, for any name. */
  private static SSLContext trustingEveryCertificate() {
    X509ExtendedTrustManager trustEverything = new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {}

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {trustEverything}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has TLS", e);
    }
  }
}
