package dev.slipway.k8s.render;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.validate.Names;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' recommended {@code app.kubernetes.io/*} labels for one environment, and for one
 * service in it, with the networks its pods join.
 *
 * @param service the service the objects belong to; empty for objects of the whole environment
 * @param networksInUse whether any service of the environment names a network: only then are
 *     pods labelled with theirs and guarded by a NetworkPolicy (see {@link NetworkPolicies})
 * @param networks the networks the service's pods join; empty when no network is in use
 */
record Labels(String project, String instance, Optional<String> service, boolean networksInUse, List<String> networks) {

  static final String NAME = "app.kubernetes.io/name";
  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String PART_OF = "app.kubernetes.io/part-of";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String MANAGER = "slipway";

  Labels {
    networks = List.copyOf(networks);
  }

  /** Labels for objects of the whole environment, such as its Namespace. */
  static Labels of(ResolvedEnvironment environment) {
    // A label value has the same 63-character limit as a DNS label; <project>-<env> may exceed it.
    return new Labels(
        environment.project().name(),
        Names.toDnsLabel(environment.qualifiedName()),
        Optional.empty(),
        environment.services().stream().anyMatch(service -> !service.networks().isEmpty()),
        List.of());
  }

  Labels forService(Service service) {
    return new Labels(project, instance, Optional.of(service.name()), networksInUse, networksInUse ? NetworkPolicies.joined(service) : List.of());
  }

  /** Every label, for the metadata of objects. */
  Map<String, String> all() {
    Map<String, String> labels = new LinkedHashMap<>();
    service.ifPresent(name -> labels.put(NAME, name));
    labels.put(INSTANCE, instance);
    labels.put(PART_OF, project);
    labels.put(MANAGED_BY, MANAGER);
    service.ifPresent(name -> labels.put(COMPONENT, name));
    return labels;
  }

  /** The labels of the service's pods: {@link #all()} and one per network they join, which NetworkPolicies select. */
  Map<String, String> pod() {
    return withNetworks(all());
  }

  /**
   * A one-off Job's labels: the service's, so that prune and destroy find it, but named after the
   * Job, so that the service's selector never picks its pod (no traffic, and no failed pod in the
   * service's rollout).
   */
  Map<String, String> forOneOff(String jobName) {
    Map<String, String> labels = all();
    labels.put(NAME, jobName);
    return labels;
  }

  /** The labels of a one-off Job's pod: the Job's, on the service's networks, so it reaches what the service reaches. */
  Map<String, String> podForOneOff(String jobName) {
    return withNetworks(forOneOff(jobName));
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

  private Map<String, String> withNetworks(Map<String, String> labels) {
    networks.forEach(network -> labels.put(NetworkPolicies.label(network), NetworkPolicies.MEMBER));
    return labels;
  }
}
