package dev.slipway.k8s.render;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.validate.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' recommended {@code app.kubernetes.io/*} labels for one environment, and for one
 * service in it.
 *
 * @param service the service the objects belong to; empty for objects of the whole environment
 */
record Labels(String project, String instance, Optional<String> service) {

  static final String NAME = "app.kubernetes.io/name";
  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String PART_OF = "app.kubernetes.io/part-of";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String MANAGER = "slipway";

  /** Labels for objects of the whole environment, such as its Namespace. */
  static Labels of(ResolvedEnvironment environment) {
    // A label value has the same 63-character limit as a DNS label; <project>-<env> may exceed it.
    return new Labels(environment.project().name(), Names.toDnsLabel(environment.qualifiedName()), Optional.empty());
  }

  Labels forService(String name) {
    return new Labels(project, instance, Optional.of(name));
  }

  /** Every label, for the metadata of objects and pods. */
  Map<String, String> all() {
    Map<String, String> labels = new LinkedHashMap<>();
    service.ifPresent(name -> labels.put(NAME, name));
    labels.put(INSTANCE, instance);
    labels.put(PART_OF, project);
    labels.put(MANAGED_BY, MANAGER);
    service.ifPresent(name -> labels.put(COMPONENT, name));
    return labels;
  }

  /**
   * A one-off Job's labels, and its pod's: the service's, so that prune and destroy find it, but
   * named after the Job, so that the service's selector never picks its pod (no traffic, and no
   * failed pod in the service's rollout).
   */
  Map<String, String> forOneOff(String jobName) {
    Map<String, String> labels = all();
    labels.put(NAME, jobName);
    return labels;
  }

  /**
   * The labels that pick a service's pods. Only these two: a selector is immutable once applied,
   * so it must not contain anything a later version of Slipway might want to change.
   */
  Map<String, String> selector() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, service.orElseThrow(() -> new IllegalStateException("an environment's objects select no pods")));
    labels.put(INSTANCE, instance);
    return labels;
  }
}
