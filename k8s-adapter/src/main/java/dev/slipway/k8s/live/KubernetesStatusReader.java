package dev.slipway.k8s.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.TargetStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Each service's workload as the cluster reports it: wanted, ready and updated replicas, the image
 * digest its pods run, restarts, the rollout's last condition and the autoscaler's range.
 */
final class KubernetesStatusReader {

  private final ClusterApi api;
  private final String namespace;

  KubernetesStatusReader(ClusterApi api, String namespace) {
    this.api = api;
    this.namespace = namespace;
  }

  TargetStatus read(RenderRequest request, List<Manifest> manifests) {
    List<TargetStatus.ServiceStatus> services = new ArrayList<>();
    for (Service service : request.environment().services()) {
      Optional<Manifest> workload = manifests.stream().filter(m -> m.service().equals(Optional.of(service.name())) && m.kind().isWorkload()).findFirst();
      if (workload.isEmpty()) {
        continue;
      }
      Optional<JsonObject> live = api.get(workload.get().kind(), namespace, workload.get().name());
      if (live.isEmpty()) {
        services.add(new TargetStatus.ServiceStatus(service.name(), request.imageOf(service.name()), 0, service.replicas(), false, 0, List.of(),
            List.of(workload.get().describe() + " does not exist")));
        continue;
      }
      services.add(statusOf(service, workload.get(), live.get()));
    }
    return new TargetStatus(services);
  }

  private TargetStatus.ServiceStatus statusOf(Service service, Manifest workload, JsonObject live) {
    int desired = ClusterApi.text(live, "spec", "replicas").map(Integer::parseInt).orElse(1);
    int ready = ClusterApi.number(live, "status", "readyReplicas");
    int updated = ClusterApi.number(live, "status", "updatedReplicas");
    RolloutWait.Progress progress = RolloutWait.progress(workload.kind(), live);
    List<JsonObject> pods = api.list(ResourceKind.POD, namespace, KubernetesDeployer.labelSelector(KubernetesDeployer.selector(workload)));
    int restarts = 0;
    Set<String> images = new LinkedHashSet<>();
    for (JsonObject pod : pods) {
      for (JsonElement element : ClusterApi.array(pod, "status", "containerStatuses")) {
        JsonObject container = element.getAsJsonObject();
        if (service.name().equals(ClusterApi.text(container, "name").orElse(""))) {
          restarts += ClusterApi.number(container, "restartCount");
          // imageID is what the node pulled, by digest; a fake node may leave it empty.
          ClusterApi.text(container, "imageID").filter(id -> id.contains("@sha256:")).ifPresent(id -> images.add(id.replaceFirst("^[a-z-]+://", "")));
        }
      }
    }
    String image = images.isEmpty() ? templateImage(live, service.name()) : String.join(",", images);
    List<String> details = new ArrayList<>();
    details.add("updated " + updated + "/" + desired + (progress.done() ? "" : ", rolling out: " + progress.summary()));
    lastCondition(live).ifPresent(details::add);
    autoscaler(service.name()).ifPresent(details::add);
    pods.stream().map(RolloutWait::trouble).flatMap(Optional::stream).findFirst()
        .ifPresent(t -> details.add("pod " + t.pod() + ": " + t.reason() + (t.message().isBlank() ? "" : " (" + t.message() + ")")));
    return new TargetStatus.ServiceStatus(service.name(), image, ready, desired, ready >= desired && progress.done(), restarts, List.of(), details);
  }

  private static String templateImage(JsonObject live, String container) {
    for (JsonElement element : ClusterApi.array(live, "spec", "template", "spec", "containers")) {
      JsonObject c = element.getAsJsonObject();
      if (container.equals(ClusterApi.text(c, "name").orElse(""))) {
        return ClusterApi.text(c, "image").orElse("?");
      }
    }
    return "?";
  }

  /** The newest of the workload's conditions, as kubectl describe words it. */
  private static Optional<String> lastCondition(JsonObject live) {
    JsonObject newest = null;
    for (JsonElement element : ClusterApi.array(live, "status", "conditions")) {
      JsonObject condition = element.getAsJsonObject();
      if (newest == null || ClusterApi.text(condition, "lastUpdateTime").orElse("").compareTo(ClusterApi.text(newest, "lastUpdateTime").orElse("")) >= 0) {
        newest = condition;
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    JsonObject condition = newest;
    return Optional.of("condition " + ClusterApi.text(condition, "type").orElse("?") + "=" + ClusterApi.text(condition, "status").orElse("?")
        + ClusterApi.text(condition, "reason").map(r -> " (" + r + ")").orElse(""));
  }

  private Optional<String> autoscaler(String name) {
    return api.get(ResourceKind.HORIZONTAL_POD_AUTOSCALER, namespace, name).map(hpa ->
        "autoscaled " + ClusterApi.text(hpa, "spec", "minReplicas").orElse("1") + "-" + ClusterApi.text(hpa, "spec", "maxReplicas").orElse("?")
            + ", now " + ClusterApi.number(hpa, "status", "currentReplicas") + " (wants " + ClusterApi.number(hpa, "status", "desiredReplicas") + ")");
  }
}
