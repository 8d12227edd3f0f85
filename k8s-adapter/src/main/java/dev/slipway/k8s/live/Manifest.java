package dev.slipway.k8s.live;

import com.google.gson.JsonObject;
import dev.slipway.core.hash.Sha256;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.k8s.render.ManifestYaml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * One object of a recorded rendering, ready to apply.
 *
 * @param service the service it belongs to ({@code app.kubernetes.io/component}); empty for the
 *     environment's own objects, such as its Namespace
 * @param digest of the rendered text: an object whose live copy carries the same digest in
 *     {@value #APPLIED_ANNOTATION} was applied from exactly this text, and is not sent again
 */
record Manifest(ResourceKind kind, String name, String namespace, Optional<String> service, JsonObject body, String digest) {

  /** Stamped on every applied object: which rendered text it was applied from. */
  static final String APPLIED_ANNOTATION = "dev.slipway/applied-sha256";

  static final String COMPONENT_LABEL = "app.kubernetes.io/component";


  /**
   * Parsed renderings, while their release is applied: every service's apply reads the same
   * rendering, and a hundred services would otherwise parse every object a hundred times.
   */
  private static final Map<Rendering, List<Manifest>> PARSED = Collections.synchronizedMap(new WeakHashMap<>());

  /** The rendering's objects in its order, which is the order they can be applied in. */
  static List<Manifest> of(Rendering rendering) {
    return PARSED.computeIfAbsent(rendering, Manifest::parse);
  }

  private static List<Manifest> parse(Rendering rendering) {
    List<Manifest> manifests = new ArrayList<>();
    for (RenderedFile file : rendering.files()) {
      manifests.add(of(file));
    }
    return List.copyOf(manifests);
  }

  static Manifest of(RenderedFile file) {
    JsonObject body = ManifestYaml.read(file.content()).orElseThrow(() -> new IllegalArgumentException(file.path() + " is not one Kubernetes object"));
    String kindName = ClusterApi.text(body, "kind").orElseThrow(() -> new IllegalArgumentException(file.path() + " has no kind"));
    ResourceKind kind = ResourceKind.of(kindName)
        .orElseThrow(() -> new IllegalArgumentException(file.path() + ": Slipway does not apply objects of kind " + kindName));
    String name = ClusterApi.text(body, "metadata", "name").orElseThrow(() -> new IllegalArgumentException(file.path() + " has no name"));
    String namespace = ClusterApi.text(body, "metadata", "namespace").orElse(kind == ResourceKind.NAMESPACE ? name : "");
    Optional<String> service = ClusterApi.text(body, "metadata", "labels", COMPONENT_LABEL);
    String digest = Sha256.hex(file.content());
    JsonObject metadata = body.getAsJsonObject("metadata");
    JsonObject annotations = metadata.has("annotations") ? metadata.getAsJsonObject("annotations") : new JsonObject();
    annotations.addProperty(APPLIED_ANNOTATION, digest);
    metadata.add("annotations", annotations);
    return new Manifest(kind, name, namespace, service, body, digest);
  }

  /** {@code deployment/web}. */
  String describe() {
    return kind.describe(name);
  }

  boolean appliedFrom(JsonObject live) {
    return ClusterApi.text(live, "metadata", "annotations", APPLIED_ANNOTATION).filter(digest::equals).isPresent();
  }
}
