package dev.slipway.k8s;

import static dev.slipway.core.model.TestModel.HERE;
import static dev.slipway.k8s.KubernetesSpliceTest.byObject;
import static dev.slipway.k8s.KubernetesSpliceTest.paths;
import static dev.slipway.k8s.MicroservicesProd.api;
import static dev.slipway.k8s.MicroservicesProd.redis;
import static dev.slipway.k8s.MicroservicesProd.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.ShopProject;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link KubernetesTarget#scaled} on the rendered prod environment of examples/microservices: api
 * is autoscaled, worker is not. A scaled file must read exactly as the renderer writes the same
 * count, so that a later deploy of a script saying so sends nothing.
 */
class KubernetesScaleTest {

  private final KubernetesTarget target = new KubernetesTarget();
  private final Rendering recorded = render(MicroservicesProd.environment());

  @Test
  void scaled_serviceWithoutAutoscale_deploymentReplicasAsRenderedForThatCount_everyOtherFileAsRecorded() {
    Rendering scaled = target.scaled(recorded, Map.of("worker", 4));

    Map<String, String> expected = byObject(render(MicroservicesProd.environment("micro", api(), worker().replicas(4), redis())));
    assertEquals(expected.get("deployment-worker.yaml"), byObject(scaled).get("deployment-worker.yaml"));
    assertTrue(byObject(scaled).get("deployment-worker.yaml").contains("replicas: 4\n"));
    assertOnlyChanged(scaled, "deployment-worker.yaml");
  }

  @Test
  void scaled_autoscaledService_autoscalerFloorIsTheCount_deploymentKeepsNoReplicas() {
    Rendering scaled = target.scaled(recorded, Map.of("api", 5));

    Map<String, String> expected =
        byObject(render(MicroservicesProd.environment("micro", api().autoscale(5, 10, 70), worker(), redis())));
    assertEquals(expected.get("horizontalpodautoscaler-api.yaml"), byObject(scaled).get("horizontalpodautoscaler-api.yaml"));
    assertBounds(scaled, 5, 10);
    assertFalse(byObject(scaled).get("deployment-api.yaml").contains("replicas:"), "the autoscaler owns the count");
    assertOnlyChanged(scaled, "horizontalpodautoscaler-api.yaml");
  }

  @Test
  void scaled_autoscaledServiceAboveItsMaximum_raisesTheMaximumToo() {
    Rendering scaled = target.scaled(recorded, Map.of("api", 12));

    assertBounds(scaled, 12, 12);
  }

  @Test
  void scaled_autoscaledServiceDown_lowersTheFloorAndKeepsTheMaximum() {
    Rendering scaled = target.scaled(recorded, Map.of("api", 1));

    assertBounds(scaled, 1, 10);
  }

  @Test
  void scaled_autoscaledServiceToZero_refused() {
    TargetFailure failure = assertThrows(TargetFailure.class, () -> target.scaled(recorded, Map.of("api", 0)));

    assertTrue(failure.getMessage().startsWith("service 'api' is autoscaled, and an autoscaler keeps at least 1 pod"), failure.getMessage());
  }

  @Test
  void scaled_serviceWithoutAutoscaleToZero_deploymentRunsNone() {
    Rendering scaled = target.scaled(recorded, Map.of("worker", 0));

    assertTrue(byObject(scaled).get("deployment-worker.yaml").contains("replicas: 0\n"));
  }

  @Test
  void scaled_theCountItAlreadyHas_everyFileAsRecorded() {
    assertEquals(recorded.files(), target.scaled(recorded, Map.of("worker", 1, "api", 3)).files());
  }

  @Test
  void scaled_severalServices_eachChanged() {
    Rendering scaled = target.scaled(recorded, Map.of("worker", 2, "redis", 3));

    assertTrue(byObject(scaled).get("deployment-worker.yaml").contains("replicas: 2\n"));
    assertTrue(byObject(scaled).get("deployment-redis.yaml").contains("replicas: 3\n"));
    assertEquals(paths(recorded), paths(scaled));
  }

  @Test
  void scaled_serviceWithVolumes_statefulSetReplicasSet() {
    TargetSpec kubernetes = new TargetSpec("kubernetes", Map.of(), HERE);
    Rendering shop = target.render(ShopProject.request(ShopProject.environment(kubernetes), Optional.empty()));

    Rendering scaled = target.scaled(shop, Map.of("db", 2));

    String statefulSet = byObject(scaled).get("statefulset-db.yaml");
    assertNotEquals(byObject(shop).get("statefulset-db.yaml"), statefulSet);
    assertTrue(statefulSet.contains("replicas: 2\n"), statefulSet);
  }

  @Test
  void scaled_serviceTheReleaseDoesNotRun_failsNamingItAndWhatRuns() {
    TargetFailure failure = assertThrows(TargetFailure.class, () -> target.scaled(recorded, Map.of("db", 2)));

    assertEquals("the environment's current release runs no service 'db' (it runs api, worker, redis)", failure.getMessage());
  }

  @Test
  void scaled_noRelease_failsSayingToDeployFirst() {
    TargetFailure failure = assertThrows(TargetFailure.class, () -> target.scaled(new Rendering(List.of()), Map.of("api", 2)));

    assertEquals("the environment's current release runs no service 'api': deploy the environment first", failure.getMessage());
  }

  private static void assertBounds(Rendering scaled, int min, int max) {
    String autoscaler = byObject(scaled).get("horizontalpodautoscaler-api.yaml");
    assertTrue(autoscaler.contains("  minReplicas: " + min + "\n") && autoscaler.contains("  maxReplicas: " + max + "\n"), autoscaler);
  }

  private void assertOnlyChanged(Rendering scaled, String object) {
    assertEquals(paths(recorded), paths(scaled));
    Map<String, String> before = byObject(recorded);
    byObject(scaled).forEach((name, content) -> {
      if (!name.equals(object)) {
        assertEquals(before.get(name), content, name);
      }
    });
  }

  private Rendering render(ResolvedEnvironment environment) {
    return target.render(MicroservicesProd.request(environment, "1"));
  }
}
