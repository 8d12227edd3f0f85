/**
 * An environment's state kept in its cluster, so that every machine that deploys to it shares
 * one history and one lock: releases as Secrets ({@link dev.slipway.k8s.state.SecretReleaseStore}),
 * the deploy lock as a Lease ({@link dev.slipway.k8s.state.LeaseLock}), together a {@link
 * dev.slipway.k8s.state.KubernetesState}. Depends on core and client-java only.
 */
package dev.slipway.k8s.state;
