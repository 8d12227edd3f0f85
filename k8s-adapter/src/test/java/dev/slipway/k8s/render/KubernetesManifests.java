package dev.slipway.k8s.render;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks a rendered manifest against client-java's generated models, which reject any field the
 * Kubernetes API does not define, a missing required field and a wrongly typed value. Shared with
 * the examples' tests through this module's test-jar.
 */
public final class KubernetesManifests {

  /** The kinds Slipway renders, by {@code apiVersion/kind}. */
  private static final Map<String, Validator> VALIDATORS = validators();

  /** client-java appends the whole object to its message; the field name says enough. */
  private static final Pattern JSON_SUFFIX = Pattern.compile("\\s*JSON( string)?: .*$", Pattern.DOTALL);

  private static final Gson GSON = new Gson();

  private KubernetesManifests() {}

  /** Every violation in one YAML document, as readable lines; empty when it is valid. */
  public static List<String> violations(String yaml) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (!(document instanceof Map)) {
      return List.of("not a Kubernetes object: the document is not a mapping");
    }
    JsonObject json = GSON.toJsonTree(document).getAsJsonObject();
    String apiVersion = text(json, "apiVersion");
    String kind = text(json, "kind");
    String name = json.has("metadata") && json.get("metadata").isJsonObject() ? text(json.getAsJsonObject("metadata"), "name") : "";
    String what = kind + " '" + name + "'";
    Validator validator = VALIDATORS.get(apiVersion + "/" + kind);
    if (validator == null) {
      return List.of(
          what + ": unknown kind '" + kind + "' in apiVersion '" + apiVersion + "'; known: " + String.join(", ", VALIDATORS.keySet()));
    }
    if (name.isEmpty()) {
      return List.of(what + ": metadata.name is missing");
    }
    try {
      validator.validate(json);
      return List.of();
    } catch (IllegalArgumentException | IllegalStateException | IOException e) {
      // client-java stops at the first violation it finds.
      return List.of(what + ": " + JSON_SUFFIX.matcher(String.valueOf(e.getMessage())).replaceFirst(""));
    }
  }

  private static String text(JsonObject object, String key) {
    JsonElement value = object.get(key);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  private static Map<String, Validator> validators() {
    Map<String, Validator> validators = new TreeMap<>();
    validators.put("v1/Namespace", V1Namespace::validateJsonElement);
    validators.put("v1/ConfigMap", V1ConfigMap::validateJsonElement);
    validators.put("v1/Secret", V1Secret::validateJsonElement);
    validators.put("v1/Service", V1Service::validateJsonElement);
    validators.put("apps/v1/Deployment", V1Deployment::validateJsonElement);
    validators.put("apps/v1/StatefulSet", V1StatefulSet::validateJsonElement);
    validators.put("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::validateJsonElement);
    validators.put("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement);
    validators.put("batch/v1/Job", io.kubernetes.client.openapi.models.V1Job::validateJsonElement);
    validators.put("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::validateJsonElement);
    validators.put("monitoring.coreos.com/v1/ServiceMonitor", KubernetesManifests::serviceMonitor);
    return Collections.unmodifiableMap(validators);
  }

  /**
   * client-java has no model for the Prometheus Operator's kind: this checks only the fields
   * Slipway writes against the operator's documented ServiceMonitorSpec (a selector of
   * matchLabels; endpoints by Service port name, with a path; namespaceSelector.matchNames), not
   * the whole CRD schema.
   */
  private static void serviceMonitor(JsonElement json) {
    JsonObject spec = json.getAsJsonObject().getAsJsonObject("spec");
    if (spec == null) {
      throw new IllegalArgumentException("spec is missing");
    }
    for (String key : spec.keySet()) {
      if (!List.of("selector", "endpoints", "namespaceSelector").contains(key)) {
        throw new IllegalArgumentException("spec." + key + " is not a field Slipway writes");
      }
    }
    if (!spec.has("selector") || !spec.getAsJsonObject("selector").has("matchLabels")) {
      throw new IllegalArgumentException("spec.selector.matchLabels is missing");
    }
    if (!spec.has("endpoints") || spec.getAsJsonArray("endpoints").isEmpty()) {
      throw new IllegalArgumentException("spec.endpoints is missing");
    }
    for (JsonElement endpoint : spec.getAsJsonArray("endpoints")) {
      JsonObject e = endpoint.getAsJsonObject();
      if (!e.has("port") || !e.get("port").isJsonPrimitive() || !e.get("port").getAsJsonPrimitive().isString()) {
        throw new IllegalArgumentException("spec.endpoints[].port must be a Service port's name");
      }
      if (!e.has("path") || !e.get("path").getAsString().startsWith("/")) {
        throw new IllegalArgumentException("spec.endpoints[].path must start with '/'");
      }
    }
  }

  @FunctionalInterface
  private interface Validator {
    void validate(JsonElement json) throws IOException;
  }
}
