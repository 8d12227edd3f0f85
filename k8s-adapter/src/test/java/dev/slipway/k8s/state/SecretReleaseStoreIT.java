package dev.slipway.k8s.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.process.ProcessId;
import dev.slipway.core.release.HistoryLimit;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretReleaseStoreIT {

  private static TestCluster cluster;

  private static final Rendering RENDERING = new Rendering(List.of(
      new RenderedFile("01-namespace-shop-dev.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-dev\n"),
      new RenderedFile("02-configmap-web-env.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-env\ndata:\n  A: \"" + "x".repeat(5000) + "\"\n")));

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

  private SecretReleaseStore store(String namespace) {
    return new SecretReleaseStore(cluster.client(), namespace, "shop", "dev");
  }

  @Test
  void startFinishAndQueries_roundTrip_inANamespaceTheStoreCreates() throws Exception {
    String namespace = cluster.newNamespace();
    SecretReleaseStore store = store(namespace);
    assertEquals(List.of(), store.all(), "queries of a namespace that does not exist yet find nothing");

    Release one = store.start(Optional.of("abc123"), Map.of("web", "registry/web@sha256:01"), RENDERING);
    assertEquals(1, one.number());
    Release read = store.find(1).orElseThrow();
    assertEquals(Release.IN_PROGRESS, read.outcome());
    assertEquals(Optional.of(ProcessId.current()), read.owner());
    assertEquals(Optional.of("abc123"), read.revision());
    assertEquals(Optional.empty(), store.current(), "in progress never counts");

    store.save(one.finished(Release.SUCCEEDED, "1 service"));
    Release two = store.start(Optional.empty(), Map.of("web", "registry/web@sha256:02"), RENDERING);
    store.save(two.finished(Release.FAILED, "web is not healthy"));

    assertEquals(List.of(1, 2), store.all().stream().map(Release::number).toList());
    assertEquals(Optional.of(1), store.current().map(Release::number));
    assertEquals(Optional.of(1), store.lastSucceeded(-1).map(Release::number));
    assertEquals(Optional.empty(), store.lastSucceeded(1).map(Release::number));
    assertEquals("1 service", store.find(1).orElseThrow().detail());
    assertEquals(Map.of("web", "registry/web@sha256:01"), store.find(1).orElseThrow().images());
    assertEquals(Optional.of(RENDERING), store.rendering(1), "the files, in their apply order");
    assertEquals(List.of(), store.damaged());

    Release destroyed = store.destroyed("removed; volumes kept");
    assertEquals(3, destroyed.number());
    assertEquals(Optional.empty(), store.current(), "destroyed after the last success");
    assertEquals(Optional.empty(), store.rendering(3));

    assertEquals("secret/slipway-shop-dev-release-1 in namespace " + namespace, store.where(1));
    V1Secret secret = new CoreV1Api(cluster.client()).readNamespacedSecret("slipway-shop-dev-release-1", namespace).execute();
    assertEquals("slipway.dev/release", secret.getType());
    assertEquals(Map.of("app.kubernetes.io/managed-by", "slipway", "slipway.dev/project", "shop", "slipway.dev/environment", "dev",
        "slipway.dev/release", "1"), secret.getMetadata().getLabels());
    String json = new String(secret.getData().get("release.json"), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"outcome\" : \"succeeded\""), "the core's release.json, as a file store writes it: " + json);
  }

  /** Two deployers that both saw the same highest release never get the same number. */
  @Test
  void start_fromTwoStoresAtOnce_neverGivesANumberTwice() throws Exception {
    String namespace = cluster.newNamespace();
    store(namespace).save(store(namespace).start(Optional.empty(), Map.of(), RENDERING).finished(Release.SUCCEEDED, ""));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Integer>>> racers = new ArrayList<>();
      for (int racer = 0; racer < 2; racer++) {
        SecretReleaseStore store = store(namespace);
        racers.add(pool.submit(() -> {
          go.await();
          List<Integer> numbers = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            numbers.add(store.start(Optional.empty(), Map.of("web", "web:" + i), RENDERING).number());
          }
          return numbers;
        }));
      }
      go.countDown();
      List<Integer> numbers = new ArrayList<>();
      for (Future<List<Integer>> racer : racers) {
        numbers.addAll(racer.get());
      }
      assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11), numbers.stream().sorted().toList());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void forgettingWhatTheLimitDoesNotKeep_deletesTheOldest_butNeverTheCurrentOne() {
    String namespace = cluster.newNamespace();
    ReleaseStore store = store(namespace);
    store.save(store.start(Optional.empty(), Map.of(), RENDERING).finished(Release.SUCCEEDED, ""));
    for (int i = 0; i < 4; i++) {
      store.save(store.start(Optional.empty(), Map.of(), RENDERING).finished(Release.FAILED, "broken"));
    }

    new HistoryLimit(3).beyond(store.all(), store.current()).forEach(old -> store.forget(old.number()));

    assertEquals(List.of(1, 3, 4, 5), store.all().stream().map(Release::number).toList());
    assertEquals(Optional.of(1), store.current().map(Release::number));
    assertTrue(store.rendering(1).isPresent(), "what a rollback restores is still there");
    assertEquals(6, store.start(Optional.empty(), Map.of(), RENDERING).number());
  }

  @Test
  void damagedSecret_isNamedAndSkipped_andKeepsItsNumber() throws Exception {
    String namespace = cluster.newNamespace();
    SecretReleaseStore store = store(namespace);
    store.save(store.start(Optional.empty(), Map.of(), RENDERING).finished(Release.SUCCEEDED, ""));
    V1Secret damaged = new V1Secret()
        .metadata(new V1ObjectMeta().name("slipway-shop-dev-release-2").labels(Map.of("app.kubernetes.io/managed-by", "slipway",
            "slipway.dev/project", "shop", "slipway.dev/environment", "dev", "slipway.dev/release", "2")))
        .type("slipway.dev/release")
        .data(Map.of("release.json", "{\"number\": 2, \"outc".getBytes(StandardCharsets.UTF_8)));
    new CoreV1Api(cluster.client()).createNamespacedSecret(namespace, damaged).execute();

    assertEquals(List.of(1), store.all().stream().map(Release::number).toList());
    assertEquals(List.of("secret/slipway-shop-dev-release-2 in namespace " + namespace + " is damaged (truncated): skipped"),
        store.damaged().stream().map(ReleaseStore.Damaged::message).toList());
    assertEquals(Optional.of(1), store.current().map(Release::number));
    assertEquals(3, store.start(Optional.empty(), Map.of(), RENDERING).number(), "a damaged record's number is never given again");
  }
}
