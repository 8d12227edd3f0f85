package dev.slipway.k8s.render;

import dev.slipway.core.model.Service;
import dev.slipway.core.model.Volume;
import dev.slipway.core.validate.Names;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import java.time.Duration;
import java.util.List;

/**
 * A pipeline's one-off command as a {@code batch/v1} Job: the service's own pod template (image,
 * env from its ConfigMap, its secrets volume, its security context and resources) running {@code
 * sh -c <command>} once. What only a long-running server needs is left out: probes and ports.
 */
final class OneOffJob {

  /** Finished Jobs and their pods are removed by the cluster a day later: long enough to read a failure's logs. */
  static final int KEEP_FINISHED_SECONDS = 24 * 60 * 60;

  private OneOffJob() {}

  /** {@code <service>-<stage>-<suffix>}, shortened to the 63 characters a Job's pods' {@code job-name} label allows. */
  static String name(String service, String stage, String suffix) {
    String prefix = Names.toDnsLabel(service + "-" + stage);
    int room = 63 - suffix.length() - 1;
    return (prefix.length() > room ? prefix.substring(0, room).replaceAll("-+$", "") : prefix) + "-" + suffix;
  }

  /**
   * @param template the service's pod template, as its workload has it, without dependencies to wait for
   * @param deadline also the Job's {@code activeDeadlineSeconds}: the cluster stops it then even
   *     if nobody is waiting any more
   */
  static V1Job of(Service service, V1PodTemplateSpec template, String name, String namespace, Labels labels, String command, Duration deadline) {
    V1PodSpec pod = template.getSpec();
    pod.restartPolicy("Never");
    V1Container container = pod.getContainers().get(0);
    container.command(List.of("sh", "-c", command)).args(null).ports(null).startupProbe(null).readinessProbe(null).livenessProbe(null);
    // A StatefulSet's pods get their claims from its templates; a Job mounts the first pod's, which holds the data.
    for (Volume volume : service.volumes()) {
      pod.addVolumesItem(new V1Volume().name(volume.name())
          .persistentVolumeClaim(new V1PersistentVolumeClaimVolumeSource().claimName(volume.name() + "-" + service.name() + "-0")));
    }
    template.getMetadata().labels(labels.podForOneOff(name));
    V1JobSpec spec = new V1JobSpec()
        .backoffLimit(0)
        .activeDeadlineSeconds(Math.max(1, deadline.toSeconds()))
        .ttlSecondsAfterFinished(KEEP_FINISHED_SECONDS)
        .template(template);
    V1ObjectMeta metadata = new V1ObjectMeta().name(name).namespace(namespace).labels(labels.forOneOff(name));
    return new V1Job().apiVersion("batch/v1").kind("Job").metadata(metadata).spec(spec);
  }
}
