package dev.slipway.k8s.live;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.k8s.state.ApiFailures;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.openapi.models.V1StatusCause;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import io.kubernetes.client.util.generic.options.ListOptions;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The requests Slipway makes of the API server, with every failure turned into one line that
 * names the server and the HTTP status: a server that does not answer, or refuses these
 * credentials (401, 403), is {@link dev.slipway.core.target.TargetFailure#unreachable() unreachable} (exit 3).
 */
final class ClusterApi {

  /** The field manager of every server-side apply: what another manager's conflict names. */
  static final String FIELD_MANAGER = "slipway";

  private final KubeConnection connection;
  private final Map<ResourceKind, DynamicKubernetesApi> apis = new EnumMap<>(ResourceKind.class);
  private final Map<String, Boolean> served = new java.util.concurrent.ConcurrentHashMap<>();

  ClusterApi(KubeConnection connection) {
    this.connection = connection;
  }

  KubeConnection connection() {
    return connection;
  }

  Optional<JsonObject> get(ResourceKind kind, String namespace, String name) {
    KubernetesApiResponse<DynamicKubernetesObject> response =
        call("read " + kind.describe(name), () -> kind.namespaced ? api(kind).get(namespace, name) : api(kind).get(name));
    if (response.getHttpStatusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(succeeded(response, "read " + kind.describe(name)).getObject().getRaw());
  }

  List<JsonObject> list(ResourceKind kind, String namespace, String labelSelector) {
    ListOptions options = new ListOptions().labelSelector(labelSelector);
    String what = "list " + kind.plural + " in namespace " + namespace;
    KubernetesApiResponse<DynamicKubernetesListObject> response =
        call(what, () -> kind.namespaced ? api(kind).list(namespace, options) : api(kind).list(options));
    if (response.getHttpStatusCode() == 404) {
      return List.of();
    }
    List<JsonObject> items = new ArrayList<>();
    succeeded(response, what).getObject().getItems().forEach(item -> items.add(item.getRaw()));
    return items;
  }

  /**
   * Server-side apply of {@code body} as field manager {@value #FIELD_MANAGER}.
   *
   * @param force take fields another manager owns (a conflict is otherwise a {@link Conflict})
   * @param dryRun ask what the object would become, changing nothing
   */
  JsonObject apply(ResourceKind kind, String namespace, String name, JsonObject body, boolean force, boolean dryRun) {
    PatchOptions options = new PatchOptions().fieldManager(FIELD_MANAGER).force(force);
    if (dryRun) {
      options.dryRun("All");
    }
    V1Patch patch = new V1Patch(body.toString());
    String what = (dryRun ? "dry-run apply " : "apply ") + kind.describe(name);
    KubernetesApiResponse<DynamicKubernetesObject> response = call(what, () -> kind.namespaced
        ? api(kind).patch(namespace, name, V1Patch.PATCH_FORMAT_APPLY_YAML, patch, options)
        : api(kind).patch(name, V1Patch.PATCH_FORMAT_APPLY_YAML, patch, options));
    if (response.getHttpStatusCode() == 409) {
      throw new Conflict(kind.describe(name), causes(response.getStatus()));
    }
    return succeeded(response, what).getObject().getRaw();
  }

  /** Deletes an object; one that is already gone is fine. */
  void delete(ResourceKind kind, String namespace, String name) {
    DeleteOptions options = new DeleteOptions();
    // Background: the workload's ReplicaSets and pods follow it, without holding up the deploy.
    options.setPropagationPolicy("Background");
    String what = "delete " + kind.describe(name);
    KubernetesApiResponse<DynamicKubernetesObject> response =
        call(what, () -> kind.namespaced ? api(kind).delete(namespace, name, options) : api(kind).delete(name, options));
    if (response.getHttpStatusCode() != 404) {
      succeeded(response, what);
    }
  }

  /** The raw body of a GET on {@code path} (pod logs, say), or empty when the server has none. */
  Optional<String> getText(String path) {
    try {
      okhttp3.Request request = new okhttp3.Request.Builder().url(connection.client().getBasePath() + path).get().build();
      try (okhttp3.Response response = connection.client().getHttpClient().newCall(request).execute()) {
        if (!response.isSuccessful() || response.body() == null) {
          return Optional.empty();
        }
        return Optional.of(response.body().string());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the cluster serves {@code kind}: a custom kind only once its CRD is installed. */
  boolean serves(ResourceKind kind) {
    return !kind.isCustom() || serves(kind.group, kind.version, kind.plural);
  }

  /**
   * Whether the API server serves {@code plural} in {@code group/version}, as discovery lists it
   * (an aggregated API, such as metrics.k8s.io, or a CRD's). Asked once per connection.
   */
  boolean serves(String group, String version, String plural) {
    return served.computeIfAbsent(group + "/" + version + "/" + plural, key -> getText("/apis/" + group + "/" + version)
        .map(body -> {
          JsonObject list = com.google.gson.JsonParser.parseString(body).getAsJsonObject();
          for (JsonElement resource : array(list, "resources")) {
            if (resource.isJsonObject() && text(resource.getAsJsonObject(), "name").filter(plural::equals).isPresent()) {
              return true;
            }
          }
          return false;
        })
        .orElse(false));
  }

  /** Another field manager owns fields the apply would change. */
  static final class Conflict extends RuntimeException {
    private final String object;
    private final List<String> fields;

    Conflict(String object, List<String> fields) {
      super(object + ": conflicts with another field manager");
      this.object = object;
      this.fields = List.copyOf(fields);
    }

    String object() {
      return object;
    }

    /** Each conflicting field with the manager that owns it, as the API server words it. */
    List<String> fields() {
      return fields;
    }
  }

  private static List<String> causes(V1Status status) {
    List<String> fields = new ArrayList<>();
    if (status != null && status.getDetails() != null && status.getDetails().getCauses() != null) {
      for (V1StatusCause cause : status.getDetails().getCauses()) {
        fields.add((cause.getField() == null ? "" : cause.getField() + ": ") + cause.getMessage());
      }
    }
    if (fields.isEmpty() && status != null && status.getMessage() != null) {
      fields.add(status.getMessage());
    }
    return fields;
  }

  private DynamicKubernetesApi api(ResourceKind kind) {
    return apis.computeIfAbsent(kind, k -> new DynamicKubernetesApi(k.group, k.version, k.plural, connection.client()));
  }

  private <T extends io.kubernetes.client.common.KubernetesType> KubernetesApiResponse<T> call(String what, Supplier<KubernetesApiResponse<T>> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      // The generic client wraps the connection's IOException in an unchecked one.
      Throwable cause = e;
      while (cause != null && !(cause instanceof IOException)) {
        cause = cause.getCause();
      }
      if (cause != null) {
        throw ApiFailures.noAnswer(connection.server(), what, cause);
      }
      throw e;
    }
  }

  private <T extends io.kubernetes.client.common.KubernetesType> KubernetesApiResponse<T> succeeded(KubernetesApiResponse<T> response, String what) {
    if (response.isSuccess()) {
      return response;
    }
    Optional<String> message = Optional.ofNullable(response.getStatus()).map(V1Status::getMessage);
    throw ApiFailures.of(connection.server(), what, response.getHttpStatusCode(), message);
  }

  static Optional<String> text(JsonObject object, String... path) {
    JsonElement element = object;
    for (String key : path) {
      if (element == null || !element.isJsonObject()) {
        return Optional.empty();
      }
      element = element.getAsJsonObject().get(key);
    }
    return element == null || element.isJsonNull() || !element.isJsonPrimitive() ? Optional.empty() : Optional.of(element.getAsString());
  }

  static int number(JsonObject object, String... path) {
    return text(object, path).map(Integer::parseInt).orElse(0);
  }

  static Optional<JsonObject> object(JsonObject object, String... path) {
    JsonElement element = object;
    for (String key : path) {
      if (element == null || !element.isJsonObject()) {
        return Optional.empty();
      }
      element = element.getAsJsonObject().get(key);
    }
    return element != null && element.isJsonObject() ? Optional.of(element.getAsJsonObject()) : Optional.empty();
  }

  static JsonArray array(JsonObject object, String... path) {
    JsonElement element = object;
    for (String key : path) {
      if (element == null || !element.isJsonObject()) {
        return new JsonArray();
      }
      element = element.getAsJsonObject().get(key);
    }
    return element != null && element.isJsonArray() ? element.getAsJsonArray() : new JsonArray();
  }
}
