package dev.slipway.k8s.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.TargetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Each service's workload as the cluster reports it: wanted, ready and updated replicas, the image
 * digest its pods run, restarts, the rollout's last condition and the autoscaler's range; its pods'
 * CPU and memory (metrics API), limits, start times and readiness.
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
    return new TargetStatus.ServiceStatus(service.name(), image, ready, desired, ready >= desired && progress.done(), restarts, List.of(), details,
        monitoring(service, workload, pods));
  }

  private TargetStatus.Monitoring monitoring(Service service, Manifest workload, List<JsonObject> pods) {
    List<JsonObject> running = pods.stream().filter(pod -> ClusterApi.text(pod, "status", "phase").filter("Running"::equals).isPresent()).toList();
    List<Instant> starts = running.stream().map(pod -> ClusterApi.text(pod, "status", "startTime")).flatMap(Optional::stream).map(Instant::parse).toList();
    return new TargetStatus.Monitoring(
        usage(service, workload, running),
        starts.stream().min(Comparator.naturalOrder()),
        starts.stream().max(Comparator.naturalOrder()),
        PodMetrics.lastReadiness(pods),
        service.metrics().map(metrics -> "http://" + service.name() + "." + namespace + ".svc:" + metrics.port() + metrics.path() + " (in the cluster; "
            + (api.serves(ResourceKind.SERVICE_MONITOR)
                ? api.get(ResourceKind.SERVICE_MONITOR, namespace, service.name()).map(m -> "servicemonitor/" + service.name()).orElse("no ServiceMonitor yet")
                : "pods annotated prometheus.io/scrape, no ServiceMonitor CRD")
            + ")"));
  }

  /** Use from the metrics API (metrics-server) where the cluster serves it; limits from the pods' own spec either way. */
  private TargetStatus.Usage usage(Service service, Manifest workload, List<JsonObject> running) {
    Optional<Double> cpuLimit = PodMetrics.limitSum(running, service.name(), "cpu");
    Optional<Double> memoryLimit = PodMetrics.limitSum(running, service.name(), "memory");
    Optional<Long> memoryLimitBytes = memoryLimit.map(Math::round);
    if (running.isEmpty()) {
      return TargetStatus.Usage.missing("no running pod", cpuLimit, memoryLimitBytes);
    }
    if (!api.serves(PodMetrics.GROUP, PodMetrics.VERSION, "pods")) {
      return TargetStatus.Usage.missing(PodMetrics.NO_METRICS_SERVER, cpuLimit, memoryLimitBytes);
    }
    String selector = KubernetesDeployer.labelSelector(KubernetesDeployer.selector(workload));
    Optional<String> list = api.getText("/apis/" + PodMetrics.GROUP + "/" + PodMetrics.VERSION + "/namespaces/" + namespace + "/pods?labelSelector="
        + java.net.URLEncoder.encode(selector, java.nio.charset.StandardCharsets.UTF_8));
    return list.flatMap(body -> PodMetrics.usage(body, service.name(), running.size(), cpuLimit, memoryLimitBytes))
        .orElse(TargetStatus.Usage.missing("the metrics API has no sample of its pods yet", cpuLimit, memoryLimitBytes));
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
