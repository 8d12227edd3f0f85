package dev.slipway.k8s.live;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds Slipway renders and therefore applies, prunes and destroys, with where the API serves
 * them. A fixed table rather than discovery: Slipway never touches a kind it did not render, and
 * the table is the list of those.
 */
enum ResourceKind {
  NAMESPACE("", "v1", "namespaces", "Namespace", false),
  CONFIG_MAP("", "v1", "configmaps", "ConfigMap", true),
  SECRET("", "v1", "secrets", "Secret", true),
  SERVICE("", "v1", "services", "Service", true),
  PERSISTENT_VOLUME_CLAIM("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true),
  DEPLOYMENT("apps", "v1", "deployments", "Deployment", true),
  STATEFUL_SET("apps", "v1", "statefulsets", "StatefulSet", true),
  HORIZONTAL_POD_AUTOSCALER("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true),
  POD_DISRUPTION_BUDGET("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true),
  NETWORK_POLICY("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true),
  JOB("batch", "v1", "jobs", "Job", true),
  // The Prometheus Operator's: applied only where its CRD is served (see KubernetesDeployer#apply).
  SERVICE_MONITOR("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", true),
  // Read only: what a rollout is waiting for, never rendered.
  POD("", "v1", "pods", "Pod", true),
  EVENT("", "v1", "events", "Event", true);

  final String group;
  final String version;
  final String plural;
  final String kind;
  final boolean namespaced;

  ResourceKind(String group, String version, String plural, String kind, boolean namespaced) {
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.kind = kind;
    this.namespaced = namespaced;
  }

  static Optional<ResourceKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** A kind a cluster serves only once an add-on installs its CRD; the others every cluster serves. */
  boolean isCustom() {
    return this == SERVICE_MONITOR;
  }

  boolean isWorkload() {
    return this == DEPLOYMENT || this == STATEFUL_SET;
  }

  /** As kubectl names objects: {@code deployment/web}. */
  String describe(String name) {
    return kind.toLowerCase(java.util.Locale.ROOT) + "/" + name;
  }
}
