package dev.slipway.k8s.state;

import dev.slipway.core.process.ProcessId;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.state.LockHeld;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1Preconditions;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The deploy lock of one environment as a {@code coordination.k8s.io/v1} Lease, {@code
 * slipway-<project>-<env>-deploy-lock} in the environment's namespace: held while its holder
 * renews it (a daemon thread, every third of its duration), free once it is deleted, cleared, or
 * not renewed for its duration. A deploy that crashed therefore blocks the next one for at most
 * the duration, on any machine. Taking a free or expired Lease over is a replace with the
 * resourceVersion that was read: of two deployers that both found it expired, the API server lets
 * exactly one write, and the other gets HTTP 409 and {@link LockHeld}.
 *
 * <p>Expiry compares the holder's clock (its renewTime) with this machine's: clocks that differ by
 * more than the duration could let a live lock be taken over. Keep deploying machines in NTP sync.
 */
public final class LeaseLock implements EnvironmentLock {

  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
  private static final int ACQUIRE_ATTEMPTS = 3;

  /** Who holds a Lease that still counts: not expired, not cleared. */
  public record Holder(String identity, Instant since) {
    @Override
    public String toString() {
      return identity + " since " + since;
    }
  }

  private final CoordinationV1Api leases;
  private final String where;
  private final ScheduledExecutorService renewal;
  /** The Lease as this lock last wrote it: its resourceVersion is what the next write must match. */
  private V1Lease held;
  private boolean released;

  private LeaseLock(CoordinationV1Api leases, String where, V1Lease held, Duration duration) {
    this.leases = leases;
    this.where = where;
    this.held = held;
    this.renewal = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "slipway-renew-" + held.getMetadata().getName());
      // A deploy that ends without closing its lock must still be able to exit; the lease then expires.
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(1, duration.toMillis() / 3);
    renewal.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  /** Takes the lock for {@link #DEFAULT_DURATION}; see {@link #acquire(ApiClient, String, String, String, Duration)}. */
  public static LeaseLock acquire(ApiClient client, String namespace, String project, String environment) {
    return acquire(client, namespace, project, environment, DEFAULT_DURATION);
  }

  /**
   * Takes the lock, creating the Lease (and the namespace) when there is none.
   *
   * @param duration how long the lock outlives its last renewal: how long a crashed deploy blocks the next
   * @throws LockHeld naming the holder and since when, when someone holds it
   * @throws dev.slipway.core.target.TargetFailure when the API cannot be reached or refuses
   */
  public static LeaseLock acquire(ApiClient client, String namespace, String project, String environment, Duration duration) {
    StateObjects objects = new StateObjects(namespace, project, environment);
    CoordinationV1Api leases = new CoordinationV1Api(client);
    String name = name(objects);
    String where = objects.where("lease", name);
    for (int attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt++) {
      OffsetDateTime now = now();
      V1Lease fresh = new V1Lease().metadata(objects.metadata(name)).spec(new V1LeaseSpec().leaseTransitions(0));
      taken(fresh.getSpec(), now, duration);
      try {
        return new LeaseLock(leases, where, leases.createNamespacedLease(namespace, fresh).execute(), duration);
      } catch (ApiException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          objects.ensureNamespace(new CoreV1Api(client));
          continue;
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw ApiFailures.of(client, "take the deploy lock " + where, e);
        }
      }
      Optional<V1Lease> existing = read(leases, objects, name);
      if (existing.isEmpty()) {
        continue; // given back between our create and our read: create again
      }
      V1Lease lease = existing.get();
      Optional<Holder> holder = holder(lease, now.toInstant());
      if (holder.isPresent()) {
        throw held(where, holder.get(), lease);
      }
      int transitions = Optional.ofNullable(lease.getSpec().getLeaseTransitions()).orElse(0);
      taken(lease.getSpec().leaseTransitions(transitions + 1), now, duration);
      try {
        return new LeaseLock(leases, where, leases.replaceNamespacedLease(name, namespace, lease).execute(), duration);
      } catch (ApiException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw ApiFailures.of(client, "take over the expired deploy lock " + where, e);
        }
        // Someone else wrote it since we read it: they took it over first.
        Optional<Holder> winner = read(leases, objects, name).flatMap(l -> holder(l, Instant.now()));
        throw winner.map(h -> held(where, h, lease))
            .orElseGet(() -> new LockHeld("the deploy lock " + where + " was taken over by another deploy just now: try again"));
      }
    }
    throw new LockHeld("the deploy lock " + where + " changed hands " + ACQUIRE_ATTEMPTS + " times while Slipway tried to take it: try again");
  }

  /** Who holds the environment's lock now, if anyone; reads only. */
  public static Optional<Holder> holder(ApiClient client, String namespace, String project, String environment) {
    StateObjects objects = new StateObjects(namespace, project, environment);
    return read(new CoordinationV1Api(client), objects, name(objects)).flatMap(lease -> holder(lease, Instant.now()));
  }

  /** How this process names itself as a holder: {@code user@host pid N}. */
  public static String identity() {
    ProcessId me = ProcessId.current();
    return System.getProperty("user.name", "unknown") + "@" + me.host() + " pid " + me.pid();
  }

  private static String name(StateObjects objects) {
    return objects.name("deploy-lock");
  }

  private static OffsetDateTime now() {
    // Leases keep MicroTime: more precision would be cut by the server anyway.
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  private static void taken(V1LeaseSpec spec, OffsetDateTime now, Duration duration) {
    spec.holderIdentity(identity()).acquireTime(now).renewTime(now).leaseDurationSeconds((int) Math.max(1, duration.toSeconds()));
  }

  private static Optional<V1Lease> read(CoordinationV1Api leases, StateObjects objects, String name) {
    try {
      return Optional.of(leases.readNamespacedLease(name, objects.namespace()).execute());
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return Optional.empty();
      }
      throw ApiFailures.of(leases.getApiClient(), "read the deploy lock " + objects.where("lease", name), e);
    }
  }

  /** Its holder, unless the Lease was cleared or was not renewed within its duration. */
  private static Optional<Holder> holder(V1Lease lease, Instant now) {
    V1LeaseSpec spec = lease.getSpec();
    if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isBlank()) {
      return Optional.empty();
    }
    OffsetDateTime renewed = Optional.ofNullable(spec.getRenewTime()).orElse(spec.getAcquireTime());
    if (renewed == null || spec.getLeaseDurationSeconds() == null
        || renewed.toInstant().plusSeconds(spec.getLeaseDurationSeconds()).isBefore(now)) {
      return Optional.empty();
    }
    Instant since = Optional.ofNullable(spec.getAcquireTime()).orElse(renewed).toInstant();
    return Optional.of(new Holder(spec.getHolderIdentity(), since));
  }

  private static LockHeld held(String where, Holder holder, V1Lease lease) {
    return new LockHeld("the deploy lock " + where + " is held by " + holder + ": wait for that deploy to finish; a deploy that died frees it within "
        + lease.getSpec().getLeaseDurationSeconds() + " s");
  }

  /** Moves renewTime forward; a 409 means the Lease expired and someone took it over, so there is nothing left to renew. */
  private synchronized void renew() {
    if (released) {
      return;
    }
    held.getSpec().setRenewTime(now());
    try {
      held = leases.replaceNamespacedLease(held.getMetadata().getName(), held.getMetadata().getNamespace(), held).execute();
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        renewal.shutdown();
      }
      // Anything else may pass (a restarting API server): the next renewal tries again before the lease expires.
    }
  }

  /**
   * Stops renewing and deletes the Lease, only if it is still the one this lock last wrote (its
   * uid and resourceVersion): a lock that expired and was taken over is left to its new holder.
   * Never throws: a Lease that cannot be deleted expires.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
    }
    // Not shutdownNow: a renewal cut off mid-request may still land, and the delete below would then
    // carry an old resourceVersion and leave the Lease to expire instead of freeing it now.
    renewal.shutdown();
    try {
      renewal.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      V1Preconditions ours = new V1Preconditions().uid(held.getMetadata().getUid()).resourceVersion(held.getMetadata().getResourceVersion());
      try {
        leases.deleteNamespacedLease(held.getMetadata().getName(), held.getMetadata().getNamespace())
            .body(new V1DeleteOptions().preconditions(ours)).execute();
      } catch (ApiException | RuntimeException e) {
        // Taken over (409), already gone (404) or unreachable: in every case it is free, or will be when it expires.
      }
    }
  }

  /** What a crashed deploy leaves: renewal stops, the Lease stays until it expires. For tests. */
  void stopRenewing() {
    renewal.shutdownNow();
  }

  @Override
  public String toString() {
    return where;
  }
}
