package dev.slipway.k8s.render;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.slipway.core.model.Metrics;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Service;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.Map;

/**
 * The Prometheus Operator's {@code ServiceMonitor} for a service with {@code metrics}: it scrapes
 * the service's Service at the metrics port's name. client-java has no model for it, so it is
 * written as plain JSON; whether a cluster gets it is decided when it is applied (only where the
 * CRD is served), since rendering never asks a cluster.
 */
final class ServiceMonitors {

  static final String API_VERSION = "monitoring.coreos.com/v1";
  static final String KIND = "ServiceMonitor";

  /** Put at the top of its rendered file, so that whoever reads or applies the files knows. */
  static final String NOTE =
      "# Applied only where the cluster serves monitoring.coreos.com/v1 ServiceMonitor (the Prometheus Operator's CRDs); skipped otherwise.\n";

  private ServiceMonitors() {}

  /** The conventional annotations a Prometheus scrape config discovers pods by. */
  static void annotate(Metrics metrics, java.util.function.BiConsumer<String, String> annotations) {
    annotations.accept("prometheus.io/scrape", "true");
    annotations.accept("prometheus.io/port", Integer.toString(metrics.port()));
    annotations.accept("prometheus.io/path", metrics.path());
  }

  static DynamicKubernetesObject of(Service service, Metrics metrics, String namespace, Labels labels) {
    Port port = service.ports().stream().filter(p -> p.container() == metrics.port()).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("service '" + service.name() + "': metrics port " + metrics.port() + " is not one of its ports"));
    JsonObject object = new JsonObject();
    object.addProperty("apiVersion", API_VERSION);
    object.addProperty("kind", KIND);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("name", service.name());
    metadata.addProperty("namespace", namespace);
    metadata.add("labels", strings(labels.all()));
    object.add("metadata", metadata);
    JsonObject endpoint = new JsonObject();
    endpoint.addProperty("port", PodTemplates.portName(port));
    endpoint.addProperty("path", metrics.path());
    JsonArray endpoints = new JsonArray();
    endpoints.add(endpoint);
    JsonObject selector = new JsonObject();
    selector.add("matchLabels", strings(labels.selector()));
    JsonArray names = new JsonArray();
    names.add(namespace);
    JsonObject namespaceSelector = new JsonObject();
    namespaceSelector.add("matchNames", names);
    JsonObject spec = new JsonObject();
    spec.add("endpoints", endpoints);
    spec.add("namespaceSelector", namespaceSelector);
    spec.add("selector", selector);
    object.add("spec", spec);
    return new DynamicKubernetesObject(object);
  }

  private static JsonObject strings(Map<String, String> map) {
    JsonObject out = new JsonObject();
    map.forEach(out::addProperty);
    return out;
  }
}
