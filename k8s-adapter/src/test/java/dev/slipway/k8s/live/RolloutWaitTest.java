package dev.slipway.k8s.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slipway.core.target.RenderedFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutWaitTest {

  @Test
  void progress_allReplicasReadyButBelowTheAutoscalersFloor_notDone() {
    RolloutWait.Progress progress = RolloutWait.progress(ResourceKind.DEPLOYMENT, deployment(3, 3), 5);

    assertFalse(progress.done());
    assertEquals("waiting for the autoscaler to raise 3 replicas to its minimum of 5", progress.summary());
  }

  @Test
  void progress_autoscalerHasRaisedTheCountAndAllAreReady_done() {
    assertTrue(RolloutWait.progress(ResourceKind.DEPLOYMENT, deployment(5, 5), 5).done());
  }

  @Test
  void progress_raisedButNotAllReady_notDone() {
    RolloutWait.Progress progress = RolloutWait.progress(ResourceKind.DEPLOYMENT, deployment(5, 3), 5);

    assertFalse(progress.done());
    assertEquals("3/5 available, 3/5 updated", progress.summary());
  }

  @Test
  void progress_noFloor_theWorkloadsOwnCount() {
    assertTrue(RolloutWait.progress(ResourceKind.DEPLOYMENT, deployment(3, 3)).done());
  }

  @Test
  void autoscalerFloor_theMinimumOfTheAutoscalerThatScalesTheWorkload_elseZero() {
    Manifest api = Manifest.of(new RenderedFile("04-deployment-api.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: micro\n"));
    Manifest hpa = Manifest.of(new RenderedFile("05-horizontalpodautoscaler-api.yaml",
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\n  namespace: micro\nspec:\n  maxReplicas: 10\n"
            + "  minReplicas: 5\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n"));

    assertEquals(5, KubernetesDeployer.autoscalerFloor(List.of(api, hpa), api));
    assertEquals(0, KubernetesDeployer.autoscalerFloor(List.of(api), api));
  }

  private static JsonObject deployment(int replicas, int ready) {
    return JsonParser.parseString("{\"metadata\":{\"generation\":2},\"spec\":{\"replicas\":" + replicas + "},\"status\":{\"observedGeneration\":2,"
        + "\"replicas\":" + ready + ",\"updatedReplicas\":" + ready + ",\"readyReplicas\":" + ready + ",\"availableReplicas\":" + ready + "}}")
        .getAsJsonObject();
  }
}
