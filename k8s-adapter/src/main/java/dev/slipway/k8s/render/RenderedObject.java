package dev.slipway.k8s.render;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.TargetFailure;
import java.util.Optional;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One file of a rendering read back: the object it holds, and the service it belongs to by its
 * {@value Labels#COMPONENT} label (none for the environment's own objects, its Namespace). What
 * {@link ServiceSplice} and {@link ReplicaScale} work on, since a recorded rendering is all a
 * release keeps.
 *
 * @param manifest a copy of its own, free to edit before {@link #edited}
 */
record RenderedObject(RenderedFile file, String kind, String name, Optional<String> service, JsonObject manifest) {


  /** @throws TargetFailure when {@code file} is not one Kubernetes object with a kind and a name */
  static RenderedObject of(RenderedFile file) {
    JsonObject manifest;
    try {
      manifest = ManifestYaml.read(file.content()).orElseThrow(() -> notAnObject(file));
    } catch (YAMLException e) {
      throw notAnObject(file);
    }
    String kind = text(manifest, "kind").orElseThrow(() -> notAnObject(file));
    Optional<JsonObject> metadata = object(manifest, "metadata");
    String name = metadata.flatMap(m -> text(m, "name")).orElseThrow(() -> notAnObject(file));
    Optional<String> service = metadata.flatMap(m -> object(m, "labels")).flatMap(labels -> text(labels, Labels.COMPONENT));
    return new RenderedObject(file, kind, name, service, manifest);
  }

  /** The same object in the file at {@code path}: its text, and so its applied digest, unchanged. */
  RenderedObject at(String path) {
    return new RenderedObject(new RenderedFile(path, file.content()), kind, name, service, manifest);
  }

  /** This object's file with {@link #manifest} as it now is, written as the renderer writes it. */
  RenderedObject edited() {
    return new RenderedObject(new RenderedFile(file.path(), KubernetesRenderer.HEADER + ManifestYaml.dump(manifest)), kind, name, service, manifest);
  }

  boolean isWorkload() {
    return kind.equals("Deployment") || kind.equals("StatefulSet");
  }

  /** {@code deployment/api}, as kubectl names objects. */
  String describe() {
    return kind.toLowerCase(java.util.Locale.ROOT) + "/" + name;
  }

  /** The {@code spec} of the object, created when it has none. */
  JsonObject spec() {
    if (!manifest.has("spec") || !manifest.get("spec").isJsonObject()) {
      manifest.add("spec", new JsonObject());
    }
    return manifest.getAsJsonObject("spec");
  }

  static Optional<String> text(JsonObject object, String key) {
    JsonElement value = object.get(key);
    return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
  }

  static Optional<JsonObject> object(JsonObject object, String key) {
    JsonElement value = object.get(key);
    return value != null && value.isJsonObject() ? Optional.of(value.getAsJsonObject()) : Optional.empty();
  }

  private static TargetFailure notAnObject(RenderedFile file) {
    return new TargetFailure(
        file.path() + " is not a Kubernetes object with a kind and a name (a release rendered for another target?): deploy the whole"
            + " environment",
        false);
  }
}
