package dev.slipway.k8s.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What applying manifests would change, field by field: the API server's own answer to a
 * server-side dry-run apply (defaults, admission and other managers' fields included), compared
 * with the live object. Secret values are never shown, only which keys would change.
 */
final class LiveDiff {

  /** Fields the server keeps for itself: they change on every write and mean nothing to a user. */
  private static final List<String> NOISE = List.of(
      "metadata.managedFields", "metadata.resourceVersion", "metadata.generation", "metadata.uid", "metadata.creationTimestamp",
      "metadata.annotations." + Manifest.APPLIED_ANNOTATION, "status");

  private final ClusterApi api;
  private final SecretData secrets;

  LiveDiff(ClusterApi api, SecretData secrets) {
    this.api = api;
    this.secrets = secrets;
  }

  List<String> diff(List<Manifest> manifests) {
    List<String> changes = new ArrayList<>();
    for (Manifest manifest : manifests) {
      if (!api.serves(manifest.kind())) {
        changes.add("  " + KubernetesDeployer.notServed(manifest));
        continue;
      }
      Optional<JsonObject> live = api.get(manifest.kind(), manifest.namespace(), manifest.name());
      if (live.isEmpty()) {
        changes.add("+ " + manifest.describe());
        continue;
      }
      // Forced: the diff shows what a deploy with --force-conflicts would make of the object; a
      // conflict itself is reported by the deploy.
      JsonObject wouldBe = api.apply(manifest.kind(), manifest.namespace(), manifest.name(), secrets.bodyOf(manifest), true, true);
      Map<String, String> before = flatten(live.get());
      Map<String, String> after = flatten(wouldBe);
      TreeSet<String> paths = new TreeSet<>(before.keySet());
      paths.addAll(after.keySet());
      for (String path : paths) {
        String old = before.get(path);
        String now = after.get(path);
        if (old != null && old.equals(now)) {
          continue;
        }
        if (manifest.kind() == ResourceKind.SECRET && (path.startsWith("data.") || path.startsWith("stringData."))) {
          changes.add("~ " + manifest.describe() + " " + path + ": (secret value " + (old == null ? "added" : now == null ? "removed" : "changed") + ")");
        } else {
          changes.add("~ " + manifest.describe() + " " + path + ": " + (old == null ? "(none)" : old) + " -> " + (now == null ? "(none)" : now));
        }
      }
    }
    return changes;
  }

  static Map<String, String> flatten(JsonObject object) {
    Map<String, String> flat = new TreeMap<>();
    flatten("", object, flat);
    NOISE.forEach(noise -> flat.keySet().removeIf(path -> path.equals(noise) || path.startsWith(noise + ".") || path.startsWith(noise + "[")));
    return flat;
  }

  private static void flatten(String path, JsonElement element, Map<String, String> flat) {
    if (element.isJsonObject()) {
      for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
        flatten(path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), entry.getValue(), flat);
      }
    } else if (element.isJsonArray()) {
      for (int i = 0; i < element.getAsJsonArray().size(); i++) {
        flatten(path + "[" + i + "]", element.getAsJsonArray().get(i), flat);
      }
    } else if (!element.isJsonNull()) {
      flat.put(path, element.getAsString());
    }
  }
}
