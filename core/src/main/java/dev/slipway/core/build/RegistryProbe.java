package dev.slipway.core.build;

import com.google.cloud.tools.jib.api.ImageReference;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a registry, without credentials, what digest a tag points at: enough to skip a build
 * whose image is already there and to pin a base image. A registry that wants credentials
 * answers "unknown", and the build then goes through jib, which does authenticate.
 */
final class RegistryProbe {

  private static final String MANIFEST_TYPES =
      String.join(
          ", ",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final boolean allowInsecure;

  RegistryProbe(boolean allowInsecure) {
    this.allowInsecure = allowInsecure;
  }

  /** What the registry knows about a tag. */
  sealed interface Answer {
    record Found(String digest) implements Answer {}

    record Missing() implements Answer {}

    /** Credentials needed, or a registry that does not answer HEAD plainly. */
    record Unknown(String why) implements Answer {}
  }

  Answer lookUp(ImageReference image) {
    String registry = image.getRegistry();
    String path = "/v2/" + image.getRepository() + "/manifests/" + image.getQualifier();
    ConnectException refused = null;
    for (String scheme : allowInsecure ? new String[] {"https", "http"} : new String[] {"https"}) {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(scheme + "://" + registry + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MANIFEST_TYPES)
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status == 200) {
          return response.headers().firstValue("Docker-Content-Digest").<Answer>map(Answer.Found::new)
              .orElseGet(() -> new Answer.Unknown("no digest in the registry's answer"));
        }
        if (status == 404) {
          return new Answer.Missing();
        }
        return new Answer.Unknown("HTTP " + status);
      } catch (ConnectException e) {
        refused = e;
      } catch (IOException e) {
        // TLS spoken to a plain-HTTP registry, or the reverse: try the next scheme.
        if (scheme.equals("http")) {
          return new Answer.Unknown(e.getClass().getSimpleName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer.Unknown("interrupted");
      }
    }
    if (refused != null) {
      throw new RegistryFailure(
          "registry " + image.getRegistry() + " is unreachable (connection refused): start it or check the address in 'registry'");
    }
    return new Answer.Unknown("no answer over " + (allowInsecure ? "https or http" : "https"));
  }

  static Optional<String> digest(Answer answer) {
    return answer instanceof Answer.Found found ? Optional.of(found.digest()) : Optional.empty();
  }
}
