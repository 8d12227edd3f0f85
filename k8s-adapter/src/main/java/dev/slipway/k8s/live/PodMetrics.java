package dev.slipway.k8s.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slipway.core.target.TargetStatus;
import io.kubernetes.client.custom.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reading a service's pods for monitoring: {@code metrics.k8s.io/v1beta1} PodMetrics (served by
 * metrics-server, when installed), the limits of its container, and its pods' readiness.
 */
final class PodMetrics {

  static final String GROUP = "metrics.k8s.io";
  static final String VERSION = "v1beta1";
  static final String NO_METRICS_SERVER = "no metrics server (the cluster does not serve metrics.k8s.io)";

  private PodMetrics() {}

  /**
   * The service's container's use summed over the pods of a PodMetricsList; empty unless every
   * running pod has a sample, since a partial sum would understate it.
   */
  static Optional<TargetStatus.Usage> usage(String podMetricsList, String container, int runningPods, Optional<Double> cpuLimit, Optional<Long> memoryLimit) {
    JsonObject list = JsonParser.parseString(podMetricsList).getAsJsonObject();
    double cpu = 0;
    long memory = 0;
    int sampled = 0;
    for (JsonElement item : ClusterApi.array(list, "items")) {
      for (JsonElement element : ClusterApi.array(item.getAsJsonObject(), "containers")) {
        JsonObject c = element.getAsJsonObject();
        if (container.equals(ClusterApi.text(c, "name").orElse(""))) {
          cpu += quantity(ClusterApi.text(c, "usage", "cpu")).orElse(0.0);
          memory += quantity(ClusterApi.text(c, "usage", "memory")).map(Math::round).orElse(0L);
          sampled++;
        }
      }
    }
    return sampled < runningPods ? Optional.empty() : Optional.of(TargetStatus.Usage.of(cpu, cpuLimit, memory, memoryLimit));
  }

  /** The sum of {@code resource}'s limit of the container over these pods; empty when one has none. */
  static Optional<Double> limitSum(List<JsonObject> pods, String container, String resource) {
    double sum = 0;
    for (JsonObject pod : pods) {
      Optional<Double> limit = Optional.empty();
      for (JsonElement element : ClusterApi.array(pod, "spec", "containers")) {
        JsonObject c = element.getAsJsonObject();
        if (container.equals(ClusterApi.text(c, "name").orElse(""))) {
          limit = quantity(ClusterApi.text(c, "resources", "limits", resource));
        }
      }
      if (limit.isEmpty()) {
        return Optional.empty();
      }
      sum += limit.get();
    }
    return pods.isEmpty() ? Optional.empty() : Optional.of(sum);
  }

  /**
   * The newest change of a pod's Ready condition: readiness is the service's health check run by
   * the kubelet, and the condition is the last result Kubernetes keeps of it.
   */
  static Optional<TargetStatus.HealthResult> lastReadiness(List<JsonObject> pods) {
    TargetStatus.HealthResult newest = null;
    for (JsonObject pod : pods) {
      for (JsonElement element : ClusterApi.array(pod, "status", "conditions")) {
        JsonObject condition = element.getAsJsonObject();
        Optional<String> time = ClusterApi.text(condition, "lastTransitionTime");
        if (!"Ready".equals(ClusterApi.text(condition, "type").orElse("")) || time.isEmpty()) {
          continue;
        }
        boolean ready = "True".equals(ClusterApi.text(condition, "status").orElse(""));
        String podName = ClusterApi.text(pod, "metadata", "name").orElse("?");
        String why = ClusterApi.text(condition, "message").or(() -> ClusterApi.text(condition, "reason")).map(m -> ": " + m).orElse("");
        TargetStatus.HealthResult result = new TargetStatus.HealthResult(Instant.parse(time.get()), ready, "pod " + podName + (ready ? " ready" : " not ready" + why));
        if (newest == null || result.time().isAfter(newest.time())) {
          newest = result;
        }
      }
    }
    return Optional.ofNullable(newest);
  }

  /** {@code 250m} → 0.25, {@code 64Mi} → 67108864, {@code 12345n} → 0.000012345. */
  private static Optional<Double> quantity(Optional<String> text) {
    try {
      return text.map(t -> Quantity.fromString(t).getNumber().doubleValue());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
