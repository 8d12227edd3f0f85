package dev.slipway.k8s.state;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.slipway.core.target.TargetFailure;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * What a failed call to the Kubernetes API means for the user: one line with the server, the HTTP
 * status and the next step. The one mapping for every request Slipway makes, typed (the state
 * classes) or generic (the live target's server-side applies).
 */
public final class ApiFailures {

  private ApiFailures() {}

  /**
   * @param action what was being done, e.g. {@code list the releases in namespace shop-dev}
   * @return unreachable (exit 3) when there was no answer, or the server refused these credentials
   *     (401, 403): nothing Slipway can do differently, the kubeconfig or the cluster must change
   */
  static TargetFailure of(ApiClient client, String action, ApiException e) {
    if (e.getCode() == 0) {
      return noAnswer(client.getBasePath(), action, e.getCause() == null ? e : e.getCause());
    }
    return of(client.getBasePath(), action, e.getCode(), serverMessage(e));
  }

  /** The server did not answer at all (refused, timed out, TLS failed). */
  public static TargetFailure noAnswer(String server, String action, Throwable cause) {
    return new TargetFailure("cannot " + action + ": the Kubernetes API at " + server + " is unreachable (" + oneLine(cause.getMessage())
        + "): check that the cluster runs and the kubeconfig points at it", true);
  }

  /**
   * @param code the HTTP status the server answered with
   * @param message what the server's Status object said, if anything
   */
  public static TargetFailure of(String server, String action, int code, Optional<String> message) {
    String said = message.map(text -> ": " + oneLine(text)).orElse("");
    if (code == HttpURLConnection.HTTP_UNAUTHORIZED || code == HttpURLConnection.HTTP_FORBIDDEN) {
      return new TargetFailure("cannot " + action + ": " + server + " answered HTTP " + code + said
          + ": check the kubeconfig's credentials and their permissions", true);
    }
    // A server error may pass (an overloaded API server); it still means the cluster did not do it.
    return new TargetFailure("cannot " + action + ": " + server + " answered HTTP " + code + said, code >= 500);
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
