package dev.slipway.k8s.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.exec.ReleaseCheckup;
import dev.slipway.core.process.ProcessId;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesStateIT {

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

  /** A deploy on another machine recorded release 2 and died: only the lease can tell, and once it is free the checkup ends the release. */
  @Test
  void checkup_interruptsAReleaseOfAnotherMachine_onlyOnceNobodyHoldsTheLease() throws Exception {
    String namespace = cluster.newNamespace();
    KubernetesState state = new KubernetesState(cluster.client(), namespace, "shop", "dev", Duration.ofSeconds(30));
    ReleaseStore releases = state.releases();
    Rendering rendering = new Rendering(List.of(new RenderedFile("01-namespace.yaml", "kind: Namespace\n")));
    releases.save(releases.start(Optional.empty(), Map.of(), rendering).finished(Release.SUCCEEDED, ""));
    ProcessId elsewhere = new ProcessId(4242, "build-agent-7");
    releases.save(new Release(2, Instant.now(), Optional.empty(), Map.of(), Release.IN_PROGRESS, "", Optional.of(elsewhere)));
    List<String> warnings = new ArrayList<>();

    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    CoordinationV1Api leases = new CoordinationV1Api(cluster.client());
    leases.createNamespacedLease(namespace, new V1Lease()
        .metadata(new V1ObjectMeta().name("slipway-shop-dev-deploy-lock"))
        .spec(new V1LeaseSpec().holderIdentity("ci@build-agent-7 pid 4242").acquireTime(now).renewTime(now).leaseDurationSeconds(30))).execute();
    assertEquals(Optional.of("ci@build-agent-7 pid 4242 since " + now.toInstant()), state.otherHolder());
    ReleaseCheckup.run(state, event -> warnings.add(((Event.Warning) event).message()));
    assertEquals(Release.IN_PROGRESS, releases.find(2).orElseThrow().outcome(), "its deploy holds the lease: it runs");

    leases.deleteNamespacedLease("slipway-shop-dev-deploy-lock", namespace).execute();
    ReleaseCheckup.run(state, event -> warnings.add(((Event.Warning) event).message()));

    assertEquals(List.of("release 2 was interrupted (its deploy, " + elsewhere + ", is gone: nobody holds the lock)"), warnings);
    assertEquals(Release.INTERRUPTED, releases.find(2).orElseThrow().outcome());
  }

  @Test
  void otherHolder_isEmptyForThisProcess_andNamesAnotherHolder() throws Exception {
    String namespace = cluster.newNamespace();
    KubernetesState state = new KubernetesState(cluster.client(), namespace, "shop", "dev");
    assertTrue(state.lockExpires());
    assertEquals(Optional.empty(), state.otherHolder());
    try (EnvironmentLock held = state.lock()) {
      assertEquals(Optional.empty(), state.otherHolder(), "this process holds it");
    }
  }

  /** No credentials: the server refuses, which no retry changes (exit 3), and the message says which server and what it answered. */
  @Test
  void apiThatRefusesTheCredentials_isUnreachable_namingTheServerAndStatus() {
    String server = cluster.client().getBasePath();
    ApiClient anonymous = new ClientBuilder().setBasePath(server).setVerifyingSsl(false).build();

    TargetFailure failure = assertThrows(TargetFailure.class,
        () -> new SecretReleaseStore(anonymous, cluster.newNamespace(), "shop", "dev").all());

    assertTrue(failure.unreachable(), failure.getMessage());
    assertTrue(failure.getMessage().matches("cannot list the releases in namespace \\S+: " + Pattern.quote(server)
        + " answered HTTP 40[13].*: check the kubeconfig's credentials and their permissions"), failure.getMessage());
  }
}
