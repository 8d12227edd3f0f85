package dev.slipway.k8s.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import dev.slipway.core.plan.StepKind;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.TargetFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs a pipeline's one-off command as a Job and waits for its verdict: applies what its pod reads
 * (the Namespace, the service's ConfigMap and Secret, from the release's rendering: before the
 * first deploy they do not exist yet), then the Job, then watches it until it is Complete or
 * Failed. A pod that cannot start (an image that cannot be pulled) ends the wait at once, and a
 * Job that is given up on is deleted, so that it does not run later by surprise.
 */
final class OneOffJobRun {

  /** The label the Job controller puts on a Job's pods. */
  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

  private static final Duration POLL = Duration.ofMillis(500);

  private final ClusterApi api;
  private final ObjectApplier applier;
  private final EventListener events;

  OneOffJobRun(ClusterApi api, ObjectApplier applier, EventListener events) {
    this.api = api;
    this.applier = applier;
    this.events = events;
  }

  /**
   * @param rendering the release's objects, whose Namespace and whose ConfigMap and Secret of the
   *     run's service are applied first
   * @param job the rendered Job
   */
  void run(List<Manifest> rendering, Manifest job, OneOffRunner.OneOff run) throws InterruptedException {
    rendering.stream()
        .filter(m -> m.service().isEmpty()
            || m.service().get().equals(run.service()) && (m.kind() == ResourceKind.CONFIG_MAP || m.kind() == ResourceKind.SECRET))
        .forEach(applier::apply);
    applier.apply(job);
    String what = job.describe() + " (`" + run.command() + "` in service '" + run.service() + "')";
    // The Job's activeDeadlineSeconds ends it in the cluster; the margin lets that verdict arrive.
    Instant giveUp = Instant.now().plus(run.deadline()).plus(KubernetesDeployer.DEADLINE_MARGIN);
    String last = "";
    try {
      while (true) {
        JsonObject live = api.get(ResourceKind.JOB, job.namespace(), job.name())
            .orElseThrow(() -> new TargetFailure(what + " disappeared while it ran (deleted by someone else?)", false));
        if (condition(live, "Complete").isPresent()) {
          return;
        }
        List<JsonObject> pods = api.list(ResourceKind.POD, job.namespace(), JOB_NAME_LABEL + "=" + job.name());
        Optional<RolloutWait.PodTrouble> trouble = pods.stream().map(RolloutWait::trouble).flatMap(Optional::stream).findFirst();
        Optional<JsonObject> failed = condition(live, "Failed");
        if (failed.isPresent()) {
          String why = ClusterApi.text(failed.get(), "reason").orElse("Failed");
          throw failure(what, job, trouble, why, ClusterApi.text(failed.get(), "message").orElse(""));
        }
        if (trouble.isPresent() && RolloutWait.HOPELESS.contains(trouble.get().reason())) {
          api.delete(ResourceKind.JOB, job.namespace(), job.name());
          throw failure(what, job, trouble, "cannot start", "deleted, so that it does not run later");
        }
        if (Instant.now().isAfter(giveUp)) {
          api.delete(ResourceKind.JOB, job.namespace(), job.name());
          throw failure(what, job, trouble, "not finished within " + run.deadline().toSeconds() + " s", "deleted; give it more time with timeout: (seconds)");
        }
        String summary = pods.isEmpty() ? "waiting for its pod" : "pod " + ClusterApi.text(pods.get(0), "metadata", "name").orElse("?") + " "
            + ClusterApi.text(pods.get(0), "status", "phase").orElse("Pending");
        if (!summary.equals(last)) {
          last = summary;
          events.on(new Event.StepProgress(Instant.now(), StepKind.RUN_ONCE.idFor(run.stage(), run.service()), -1, job.describe() + ": " + summary));
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      // Nobody waits for its verdict any more: it must not go on changing things on its own.
      api.delete(ResourceKind.JOB, job.namespace(), job.name());
      throw e;
    }
  }

  private static Optional<JsonObject> condition(JsonObject job, String type) {
    for (JsonElement element : ClusterApi.array(job, "status", "conditions")) {
      JsonObject condition = element.getAsJsonObject();
      if (type.equals(ClusterApi.text(condition, "type").orElse("")) && "True".equals(ClusterApi.text(condition, "status").orElse(""))) {
        return Optional.of(condition);
      }
    }
    return Optional.empty();
  }

  /** The pod's reason and exit code in one line; its events and last log lines as a warning before it. */
  private TargetFailure failure(String what, Manifest job, Optional<RolloutWait.PodTrouble> trouble, String why, String detail) {
    String pod = trouble.map(t -> ": pod " + t.pod() + " " + t.reason() + (t.message().isBlank() ? "" : " (" + t.message() + ")")).orElse("");
    if (trouble.isPresent()) {
      // A Job's pod is never restarted (restartPolicy Never): its own logs are the failed run's.
      List<String> details = PodReport.of(api, job.namespace(), trouble.get().pod(), false);
      if (!details.isEmpty()) {
        events.on(new Event.Warning(Instant.now(), "pod " + trouble.get().pod() + " of " + job.describe() + ":\n" + String.join("\n", details)));
      }
    }
    return new TargetFailure(what + " failed: " + why + pod + (detail.isBlank() ? "" : "; " + detail), false);
  }
}
