package dev.slipway.k8s.state;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.slipway.core.target.TargetFailure;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.net.HttpURLConnection;
import java.util.Optional;

/** What a failed call to the Kubernetes API means for the user: one line with the server, the HTTP status and the next step. */
final class ApiFailures {

  private ApiFailures() {}

  /**
   * @param action what was being done, e.g. {@code list the releases in namespace shop-dev}
   * @return unreachable (exit 3) when there was no answer, or the server refused these credentials
   *     (401, 403): nothing Slipway can do differently, the kubeconfig or the cluster must change
   */
  static TargetFailure of(ApiClient client, String action, ApiException e) {
    String server = client.getBasePath();
    int code = e.getCode();
    if (code == 0) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new TargetFailure("cannot " + action + ": the Kubernetes API at " + server + " is unreachable (" + oneLine(cause.getMessage())
          + "): check that the cluster runs and the kubeconfig points at it", true);
    }
    String said = serverMessage(e).map(message -> ": " + oneLine(message)).orElse("");
    if (code == HttpURLConnection.HTTP_UNAUTHORIZED || code == HttpURLConnection.HTTP_FORBIDDEN) {
      return new TargetFailure("cannot " + action + ": " + server + " answered HTTP " + code + said
          + ": check the kubeconfig's credentials and their permissions", true);
    }
    return new TargetFailure("cannot " + action + ": " + server + " answered HTTP " + code + said, false);
  }

  /** The {@code message} of the Status object the API server answers errors with. */
  private static Optional<String> serverMessage(ApiException e) {
    String body = e.getResponseBody();
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonElement status = JsonParser.parseString(body);
      if (status.isJsonObject() && status.getAsJsonObject().has("message")) {
        return Optional.of(status.getAsJsonObject().get("message").getAsString());
      }
    } catch (JsonSyntaxException | IllegalStateException | UnsupportedOperationException notAStatus) {
      // a proxy's HTML page, say: the status code alone says enough
    }
    return Optional.empty();
  }

  private static String oneLine(String text) {
    return text == null ? "no detail" : text.replaceAll("\\s+", " ").trim();
  }
}
