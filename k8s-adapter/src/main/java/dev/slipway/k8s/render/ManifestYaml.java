package dev.slipway.k8s.render;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.slipway.core.yaml.BlockYaml;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One client-java object as a YAML document. The object goes through client-java's own Gson, so
 * quantities, int-or-strings and base64 bytes are written exactly as the API server reads them;
 * the JSON tree then becomes plain maps for snakeyaml.
 *
 * <p>Keys are sorted (after {@code apiVersion}, {@code kind}, {@code metadata} at the top, as
 * people expect), so the bytes never depend on reflection or hash order.
 */
public final class ManifestYaml {

  private static final List<String> LEADING_KEYS = List.of("apiVersion", "kind", "metadata");

  private ManifestYaml() {}

  /**
   * A rendered file's object read back as JSON, as the API server and Gson see it: what applying
   * a recorded release and editing one (splice, scale) both start from.
   *
   * @return empty when the document is not one mapping
   * @throws org.yaml.snakeyaml.error.YAMLException when it is not YAML
   */
  public static Optional<JsonObject> read(String content) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(content);
    return document instanceof Map<?, ?> ? Optional.of(new Gson().toJsonTree(document).getAsJsonObject()) : Optional.empty();
  }

  static String dump(KubernetesObject object) {
    // A kind client-java has no model for (ServiceMonitor) is plain JSON already.
    JsonElement tree = object instanceof DynamicKubernetesObject dynamic ? dynamic.getRaw() : JSON.getGson().toJsonTree(object);
    return BlockYaml.dumper().dump(topLevel(tree.getAsJsonObject()));
  }

  /**
   * A manifest read back from a rendering and edited, written as {@link #dump(KubernetesObject)}
   * writes it: one read back unchanged comes out byte for byte as it went in.
   */
  static String dump(JsonObject manifest) {
    return BlockYaml.dumper().dump(topLevel(manifest));
  }

  private static Map<String, Object> topLevel(JsonObject object) {
    Map<String, Object> sorted = plainObject(object);
    Map<String, Object> ordered = new LinkedHashMap<>();
    LEADING_KEYS.stream().filter(sorted::containsKey).forEach(key -> ordered.put(key, sorted.get(key)));
    ordered.putAll(sorted);
    return ordered;
  }

  /**
   * Empty lists and maps are dropped: client-java initialises every collection field, so an
   * unset {@code args} would otherwise be written as {@code args: []}. Nothing Slipway renders
   * means an empty collection.
   */
  private static Object plain(JsonElement element) {
    if (element.isJsonObject()) {
      Map<String, Object> map = plainObject(element.getAsJsonObject());
      return map.isEmpty() ? null : map;
    }
    if (element.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonElement item : element.getAsJsonArray()) {
        Object value = plain(item);
        if (value != null) {
          list.add(value);
        }
      }
      return list.isEmpty() ? null : list;
    }
    if (element.isJsonPrimitive()) {
      return primitive(element.getAsJsonPrimitive());
    }
    return null;
  }

  private static Map<String, Object> plainObject(JsonObject object) {
    Map<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
      Object value = plain(entry.getValue());
      if (value != null) {
        sorted.put(entry.getKey(), value);
      }
    }
    // A LinkedHashMap, not the TreeMap itself, so snakeyaml writes a plain mapping without a tag.
    return new LinkedHashMap<>(sorted);
  }

  private static Object primitive(JsonPrimitive primitive) {
    if (primitive.isBoolean()) {
      return primitive.getAsBoolean();
    }
    if (primitive.isNumber()) {
      BigDecimal number = primitive.getAsBigDecimal();
      if (number.stripTrailingZeros().scale() <= 0) {
        long whole = number.longValueExact();
        return whole == (int) whole ? Integer.valueOf((int) whole) : Long.valueOf(whole);
      }
      return number.doubleValue();
    }
    return primitive.getAsString();
  }
}
