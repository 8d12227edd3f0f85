package dev.slipway.k8s.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.target.TargetFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Waits until a service's workload has rolled out: the controller saw the newest spec, and every
 * wanted replica is updated and available (ready). What cannot get better by waiting (a crash
 * loop, an image that cannot be pulled, a Deployment past its progress deadline) ends the wait at
 * once, with the failing pod's reason, its events and its last log lines.
 */
final class RolloutWait {

  /** Waiting reasons of a container that mean the rollout will not finish without a change. */
  static final Set<String> HOPELESS = Set.of(
      "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

  /**
   * The first look again after this long, then ever less often up to {@link #SLOWEST_POLL}: a
   * fake node's pod is ready in well under a second, a real one's takes seconds, and a hundred
   * services waited for side by side must not flood the API server with reads.
   */
  private static final Duration FIRST_POLL = Duration.ofMillis(200);

  private static final Duration SLOWEST_POLL = Duration.ofSeconds(1);
  /** Pods (a list, heavier than the workload's get) are looked at once this often. */
  private static final Duration POD_CHECKS = Duration.ofSeconds(1);

  private final ClusterApi api;
  private final EventListener events;

  RolloutWait(ClusterApi api, EventListener events) {
    this.api = api;
    this.events = events;
  }

  /**
   * @param deadline how long the rollout may take: the service's health deadline, which the
   *     rendered {@code progressDeadlineSeconds} also carries
   * @param selector the labels of the service's pods
   * @param floor the least number of pods to wait for: an autoscaler's {@code minReplicas}, which
   *     its controller applies to the workload only after the autoscaler is written; 0 for none
   */
  void await(Manifest workload, Map<String, String> selector, Duration deadline, int floor) throws InterruptedException {
    Instant giveUp = Instant.now().plus(deadline);
    String labelSelector = selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    String last = "";
    long pause = FIRST_POLL.toMillis();
    Instant nextPodCheck = Instant.now().plus(POD_CHECKS);
    while (true) {
      JsonObject live = api.get(workload.kind(), workload.namespace(), workload.name())
          .orElseThrow(() -> new TargetFailure(workload.describe() + " disappeared while it rolled out (deleted by someone else?)", false));
      Progress progress = progress(workload.kind(), live, floor);
      if (progress.done()) {
        return;
      }
      if (!progress.summary().equals(last)) {
        last = progress.summary();
        events.on(new Event.StepProgress(Instant.now(), "deploy:" + workload.service().orElse(workload.name()), -1, progress.summary()));
      }
      Optional<String> stalled = stalled(live);
      boolean timedOut = Instant.now().isAfter(giveUp);
      boolean podCheck = stalled.isPresent() || timedOut || !Instant.now().isBefore(nextPodCheck);
      List<JsonObject> pods = podCheck ? api.list(ResourceKind.POD, workload.namespace(), labelSelector) : List.of();
      if (podCheck) {
        nextPodCheck = Instant.now().plus(POD_CHECKS);
      }
      Optional<PodTrouble> hopeless = pods.stream().map(RolloutWait::trouble).flatMap(Optional::stream).filter(t -> HOPELESS.contains(t.reason())).findFirst();
      if (hopeless.isPresent()) {
        throw failure(workload, hopeless.get(), progress);
      }
      if (stalled.isPresent() || timedOut) {
        Optional<PodTrouble> trouble = pods.stream().map(RolloutWait::trouble).flatMap(Optional::stream).findFirst();
        String why = stalled.orElse("not rolled out within " + deadline.toSeconds() + " s");
        if (trouble.isPresent()) {
          throw failure(workload, trouble.get(), progress, why);
        }
        throw new TargetFailure(workload.describe() + ": " + why + " (" + progress.summary() + ")", false);
      }
      events.on(new Event.Progress(Instant.now(), "deploy:" + workload.service().orElse(workload.name()), "waiting for the rollout",
          deadline.minus(Duration.between(Instant.now(), giveUp)).toSeconds(), OptionalLong.of(deadline.toSeconds()), "s"));
      Thread.sleep(pause);
      pause = Math.min(pause * 3 / 2, SLOWEST_POLL.toMillis());
    }
  }

  /** How far a rollout is, in kubectl's words. */
  record Progress(boolean done, String summary) {}

  static Progress progress(ResourceKind kind, JsonObject live) {
    return progress(kind, live, 0);
  }

  /** @param floor see {@link #await} */
  static Progress progress(ResourceKind kind, JsonObject live, int floor) {
    int generation = ClusterApi.number(live, "metadata", "generation");
    int observed = ClusterApi.number(live, "status", "observedGeneration");
    int replicas = ClusterApi.text(live, "spec", "replicas").map(Integer::parseInt).orElse(1);
    int wanted = Math.max(replicas, floor);
    int updated = ClusterApi.number(live, "status", "updatedReplicas");
    int ready = ClusterApi.number(live, "status", "readyReplicas");
    int available = ClusterApi.number(live, "status", "availableReplicas");
    int total = ClusterApi.number(live, "status", "replicas");
    if (observed < generation) {
      return new Progress(false, "waiting for the controller to see the new spec");
    }
    if (replicas < floor) {
      return new Progress(false, "waiting for the autoscaler to raise " + replicas + " replicas to its minimum of " + floor);
    }
    if (kind == ResourceKind.STATEFUL_SET) {
      boolean revisionDone = ClusterApi.text(live, "status", "updateRevision")
          .map(update -> update.equals(ClusterApi.text(live, "status", "currentRevision").orElse("")) || updated >= wanted)
          .orElse(false);
      boolean done = revisionDone && updated >= wanted && ready >= wanted && available >= wanted;
      return new Progress(done, ready + "/" + wanted + " ready, " + updated + "/" + wanted + " updated");
    }
    boolean done = updated >= wanted && available >= wanted && total <= updated;
    String summary = available + "/" + wanted + " available, " + updated + "/" + wanted + " updated"
        + (total > updated ? ", " + (total - updated) + " old pod" + (total - updated == 1 ? "" : "s") + " left" : "");
    return new Progress(done, summary);
  }

  /**
   * A Deployment's own verdict that it stopped progressing, once it applies to the newest spec:
   * until the controller has seen that, the condition may still be about the rollout before it
   * (the one a restore undoes).
   */
  private static Optional<String> stalled(JsonObject live) {
    if (ClusterApi.number(live, "status", "observedGeneration") < ClusterApi.number(live, "metadata", "generation")) {
      return Optional.empty();
    }
    for (JsonElement element : ClusterApi.array(live, "status", "conditions")) {
      JsonObject condition = element.getAsJsonObject();
      if ("Progressing".equals(ClusterApi.text(condition, "type").orElse(""))
          && "ProgressDeadlineExceeded".equals(ClusterApi.text(condition, "reason").orElse(""))) {
        return Optional.of("ProgressDeadlineExceeded: " + ClusterApi.text(condition, "message").orElse("the rollout stopped progressing"));
      }
    }
    return Optional.empty();
  }

  /** What keeps one pod from being ready, if anything. */
  record PodTrouble(String pod, String reason, String message, boolean restarted) {}

  static Optional<PodTrouble> trouble(JsonObject pod) {
    String name = ClusterApi.text(pod, "metadata", "name").orElse("?");
    if (ClusterApi.text(pod, "metadata", "deletionTimestamp").isPresent()) {
      return Optional.empty();
    }
    for (String statuses : List.of("initContainerStatuses", "containerStatuses")) {
      for (JsonElement element : ClusterApi.array(pod, "status", statuses)) {
        JsonObject container = element.getAsJsonObject();
        Optional<JsonObject> waiting = ClusterApi.object(container, "state", "waiting");
        if (waiting.isPresent()) {
          String reason = ClusterApi.text(waiting.get(), "reason").orElse("Waiting");
          if (!"ContainerCreating".equals(reason) && !"PodInitializing".equals(reason)) {
            return Optional.of(new PodTrouble(name, reason, ClusterApi.text(waiting.get(), "message").orElse(""),
                ClusterApi.number(container, "restartCount") > 0));
          }
        }
        Optional<JsonObject> terminated = ClusterApi.object(container, "state", "terminated");
        if (terminated.isPresent() && !"0".equals(ClusterApi.text(terminated.get(), "exitCode").orElse("0"))) {
          return Optional.of(new PodTrouble(name, ClusterApi.text(terminated.get(), "reason").orElse("Error"),
              "exited with code " + ClusterApi.text(terminated.get(), "exitCode").orElse("?"), true));
        }
      }
    }
    for (JsonElement element : ClusterApi.array(pod, "status", "conditions")) {
      JsonObject condition = element.getAsJsonObject();
      String type = ClusterApi.text(condition, "type").orElse("");
      String status = ClusterApi.text(condition, "status").orElse("");
      if ("PodScheduled".equals(type) && "False".equals(status)) {
        return Optional.of(new PodTrouble(name, ClusterApi.text(condition, "reason").orElse("Unschedulable"),
            ClusterApi.text(condition, "message").orElse(""), false));
      }
      if ("Ready".equals(type) && "False".equals(status) && "Running".equals(ClusterApi.text(pod, "status", "phase").orElse(""))) {
        return Optional.of(new PodTrouble(name, "NotReady", "running but its readiness check does not pass", false));
      }
    }
    return Optional.empty();
  }

  private TargetFailure failure(Manifest workload, PodTrouble trouble, Progress progress) {
    return failure(workload, trouble, progress, trouble.reason());
  }

  private TargetFailure failure(Manifest workload, PodTrouble trouble, Progress progress, String why) {
    List<String> details = PodReport.of(api, workload.namespace(), trouble.pod(), trouble.restarted());
    if (!details.isEmpty()) {
      events.on(new Event.Warning(Instant.now(), "pod " + trouble.pod() + " of " + workload.describe() + ":\n" + String.join("\n", details)));
    }
    String message = trouble.message().isBlank() ? "" : " (" + trouble.message() + ")";
    return new TargetFailure(workload.describe() + ": " + why + ": pod " + trouble.pod() + " " + trouble.reason() + message + "; "
        + progress.summary(), false);
  }
}
