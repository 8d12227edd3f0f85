package dev.slipway.k8s.state;

import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.state.EnvironmentLock;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.Optional;

/**
 * An environment's state kept in its namespace: releases as Secrets, the deploy lock as a Lease,
 * so that every machine deploying to the cluster shares them. Asking for it talks to nobody; the
 * namespace is created when the lock is first taken or a release first recorded.
 */
public final class KubernetesState implements DeployState {

  private final ApiClient client;
  private final String namespace;
  private final String project;
  private final String environment;
  private final Duration leaseDuration;

  /** With a lease of {@link LeaseLock#DEFAULT_DURATION}. */
  public KubernetesState(ApiClient client, String namespace, String project, String environment) {
    this(client, namespace, project, environment, LeaseLock.DEFAULT_DURATION);
  }

  public KubernetesState(ApiClient client, String namespace, String project, String environment, Duration leaseDuration) {
    this.client = client;
    this.namespace = namespace;
    this.project = project;
    this.environment = environment;
    this.leaseDuration = leaseDuration;
  }

  @Override
  public ReleaseStore releases() {
    return new SecretReleaseStore(client, namespace, project, environment);
  }

  @Override
  public EnvironmentLock lock() {
    return LeaseLock.acquire(client, namespace, project, environment, leaseDuration);
  }

  @Override
  public Optional<String> otherHolder() {
    return LeaseLock.holder(client, namespace, project, environment)
        .filter(holder -> !holder.identity().equals(LeaseLock.identity()))
        .map(LeaseLock.Holder::toString);
  }

  /** A Lease that is not renewed expires: a free one proves that no deploy runs, on any machine. */
  @Override
  public boolean lockExpires() {
    return true;
  }
}
