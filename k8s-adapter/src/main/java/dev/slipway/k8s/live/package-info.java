/**
 * The live side of the Kubernetes target: server-side apply of a recorded rendering, health-gated
 * rollouts, prune, status, logs, diff and destroy, all through client-java against the cluster
 * the kubeconfig names.
 */
package dev.slipway.k8s.live;
