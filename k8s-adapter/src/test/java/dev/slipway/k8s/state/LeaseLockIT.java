package dev.slipway.k8s.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.state.LockHeld;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseLockIT {

  private static TestCluster cluster;

  /** Per test, not per class: a skip is then reported on every test, with its reason. */
  @BeforeEach
  void connect() {
    if (cluster == null) {
      cluster = TestCluster.connect();
    }
  }

  @AfterAll
  static void cleanUp() {
    if (cluster != null) {
      cluster.deleteNamespaces();
    }
  }

  private LeaseLock acquire(String namespace, Duration duration) {
    return LeaseLock.acquire(cluster.client(), namespace, "shop", "dev", duration);
  }

  private V1Lease lease(String namespace) throws Exception {
    return new CoordinationV1Api(cluster.client()).readNamespacedLease("slipway-shop-dev-deploy-lock", namespace).execute();
  }

  /** A Lease as a deploy on another machine that died left it: renewed last a minute ago, for 30 s. */
  private void expiredLeaseOf(String namespace, String holder) throws Exception {
    new CoreV1Api(cluster.client()).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace))).execute();
    OffsetDateTime minuteAgo = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.MICROS);
    new CoordinationV1Api(cluster.client()).createNamespacedLease(namespace, new V1Lease()
        .metadata(new V1ObjectMeta().name("slipway-shop-dev-deploy-lock").labels(new StateObjects(namespace, "shop", "dev").labels()))
        .spec(new V1LeaseSpec().holderIdentity(holder).acquireTime(minuteAgo).renewTime(minuteAgo).leaseDurationSeconds(30).leaseTransitions(0)))
        .execute();
  }

  @Test
  void acquire_whileHeld_failsNamingTheHolder_andCloseFreesIt() throws Exception {
    String namespace = cluster.newNamespace();
    try (LeaseLock held = acquire(namespace, LeaseLock.DEFAULT_DURATION)) {
      LockHeld error = assertThrows(LockHeld.class, () -> acquire(namespace, LeaseLock.DEFAULT_DURATION));
      assertTrue(error.getMessage().startsWith("the deploy lock lease/slipway-shop-dev-deploy-lock in namespace " + namespace + " is held by "
          + LeaseLock.identity() + " since "), error.getMessage());
      assertEquals(LeaseLock.identity(), lease(namespace).getSpec().getHolderIdentity());
      assertEquals(Optional.of(LeaseLock.identity()), LeaseLock.holder(cluster.client(), namespace, "shop", "dev").map(LeaseLock.Holder::identity));
    }
    assertEquals(Optional.empty(), LeaseLock.holder(cluster.client(), namespace, "shop", "dev"));
    acquire(namespace, LeaseLock.DEFAULT_DURATION).close();
  }

  @Test
  void heldLock_isRenewed_andOutlivesItsDuration() throws Exception {
    String namespace = cluster.newNamespace();
    try (LeaseLock held = acquire(namespace, Duration.ofSeconds(2))) {
      OffsetDateTime first = lease(namespace).getSpec().getRenewTime();
      Thread.sleep(3_500);
      assertTrue(lease(namespace).getSpec().getRenewTime().isAfter(first), "renewed");
      assertThrows(LockHeld.class, () -> acquire(namespace, Duration.ofSeconds(2)));
    }
  }

  /** A deploy that crashed stops renewing: once its lease expires the next one takes over, and the old holder's close leaves it alone. */
  @Test
  void leaseNoLongerRenewed_expires_andIsTakenOver() throws Exception {
    String namespace = cluster.newNamespace();
    LeaseLock crashed = acquire(namespace, Duration.ofSeconds(2));
    crashed.stopRenewing();
    assertThrows(LockHeld.class, () -> acquire(namespace, Duration.ofSeconds(2)), "not expired yet");
    Thread.sleep(3_500);

    try (LeaseLock next = acquire(namespace, LeaseLock.DEFAULT_DURATION)) {
      assertEquals(1, lease(namespace).getSpec().getLeaseTransitions());
      crashed.close();
      assertEquals(LeaseLock.identity(), lease(namespace).getSpec().getHolderIdentity(), "the new holder's lease stays");
      assertThrows(LockHeld.class, () -> acquire(namespace, LeaseLock.DEFAULT_DURATION));
    }
  }

  @Test
  void expiredLeaseOfAnotherMachine_isTakenOver() throws Exception {
    String namespace = cluster.newNamespace();
    expiredLeaseOf(namespace, "ci@build-agent-7 pid 4242");
    assertEquals(Optional.empty(), LeaseLock.holder(cluster.client(), namespace, "shop", "dev"), "expired: nobody holds it");

    try (LeaseLock taken = acquire(namespace, LeaseLock.DEFAULT_DURATION)) {
      assertEquals(LeaseLock.identity(), lease(namespace).getSpec().getHolderIdentity());
    }
  }

  /** Deployers that all find the same expired lease must not all win it. */
  @Test
  void racingForAnExpiredLease_exactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        String namespace = cluster.newNamespace();
        expiredLeaseOf(namespace, "ci@build-agent-7 pid 4242");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<LeaseLock>> racers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          racers.add(pool.submit(() -> {
            go.await();
            try {
              return acquire(namespace, LeaseLock.DEFAULT_DURATION);
            } catch (LockHeld lost) {
              return null;
            }
          }));
        }
        go.countDown();
        List<LeaseLock> won = new ArrayList<>();
        for (Future<LeaseLock> racer : racers) {
          Optional.ofNullable(racer.get()).ifPresent(won::add);
        }
        assertEquals(1, won.size(), "round " + round + ": winners");
        assertEquals(1, lease(namespace).getSpec().getLeaseTransitions(), "taken over once");
        won.forEach(LeaseLock::close);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
