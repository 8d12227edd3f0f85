package dev.slipway.k8s.render;

import dev.slipway.core.model.Port;
import dev.slipway.core.model.Service;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPeer;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import io.kubernetes.client.openapi.models.V1NetworkPolicySpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compose's networks on Kubernetes: a service is reached only by services that share one of its
 * networks. Each pod carries a label per network it joins, and each service gets a NetworkPolicy
 * that admits ingress only from pods with one of its own network labels. A service that names no
 * network is on {@value #DEFAULT}, as on Compose.
 *
 * <p>Rendered only when some service of the environment names a network: without networks every
 * service reaches every other, and no policy is needed. The cluster enforces policies only when its
 * network plugin implements them (Calico, Cilium, ...); elsewhere they are accepted and ignored.
 */
final class NetworkPolicies {

  /** The network of a service that names none; Compose's too. */
  static final String DEFAULT = "default";

  /** The value of a network label: the key says which network, the value only that the pod is on it. */
  static final String MEMBER = "true";

  /**
   * A label prefix of its own, so that the network's name is the label's whole name part, which
   * holds as many characters (63) as a network name may.
   */
  private static final String LABEL_PREFIX = "network.dev.slipway/";

  private NetworkPolicies() {}

  /** The networks {@code service}'s pods join. */
  static List<String> joined(Service service) {
    return service.networks().isEmpty() ? List.of(DEFAULT) : service.networks();
  }

  static String label(String network) {
    return LABEL_PREFIX + network;
  }

  /**
   * Admits ingress to the service's pods from pods on one of its networks, on any port, and to its
   * published ports from anywhere: on Compose a published port is reachable from outside whatever
   * networks the service joins, and on a cluster what comes from outside (an Ingress controller, a
   * port-forward) is on none of the project's networks.
   */
  static V1NetworkPolicy of(Service service, Labels labels, V1ObjectMeta metadata) {
    V1NetworkPolicyIngressRule rule = new V1NetworkPolicyIngressRule();
    for (String network : labels.networks()) {
      rule.addFromItem(new V1NetworkPolicyPeer().podSelector(new V1LabelSelector().matchLabels(Map.of(label(network), MEMBER))));
    }
    List<V1NetworkPolicyIngressRule> rules = new ArrayList<>(List.of(rule));
    List<V1NetworkPolicyPort> published =
        service.ports().stream()
            .filter(Port::isPublished)
            .map(port -> new V1NetworkPolicyPort().protocol("TCP").port(new IntOrString(port.container())))
            .toList();
    if (!published.isEmpty()) {
      rules.add(new V1NetworkPolicyIngressRule().ports(published));
    }
    V1NetworkPolicySpec spec = new V1NetworkPolicySpec()
        .podSelector(new V1LabelSelector().matchLabels(labels.selector()))
        .policyTypes(List.of("Ingress"))
        .ingress(rules);
    return new V1NetworkPolicy().apiVersion("networking.k8s.io/v1").kind("NetworkPolicy").metadata(metadata).spec(spec);
  }
}
