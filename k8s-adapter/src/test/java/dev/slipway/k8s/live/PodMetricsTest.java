package dev.slipway.k8s.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slipway.core.target.TargetStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The metrics API's PodMetricsList as metrics-server 0.7 answers it (shape from its API reference;
 * the control plane of the tests has no metrics server), pod specs and Ready conditions.
 */
class PodMetricsTest {

  private static final String POD_METRICS = """
      {"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
        {"metadata":{"name":"api-5d8f7c9b4-abcde","namespace":"shop-dev"},"timestamp":"2026-12-02T08:00:00Z","window":"15.009s",
         "containers":[{"name":"api","usage":{"cpu":"12500000n","memory":"40Mi"}},{"name":"istio-proxy","usage":{"cpu":"1m","memory":"30Mi"}}]},
        {"metadata":{"name":"api-5d8f7c9b4-fghij","namespace":"shop-dev"},"timestamp":"2026-12-02T08:00:00Z","window":"15.009s",
         "containers":[{"name":"api","usage":{"cpu":"250m","memory":"24Mi"}}]}]}
      """;

  @Test
  void usage_everyRunningPodSampled_sumsTheServiceContainerOnly() {
    Optional<TargetStatus.Usage> usage = PodMetrics.usage(POD_METRICS, "api", 2, Optional.of(1.0), Optional.of(256L * 1024 * 1024));

    assertEquals(Optional.of(TargetStatus.Usage.of(0.2625, Optional.of(1.0), 64L * 1024 * 1024, Optional.of(256L * 1024 * 1024))), usage);
  }

  @Test
  void usage_aRunningPodWithoutSample_unknownRatherThanUnderstated() {
    assertEquals(Optional.empty(), PodMetrics.usage(POD_METRICS, "api", 3, Optional.empty(), Optional.empty()));
  }

  @Test
  void limitSum_everyPodLimited_sumsQuantities() {
    List<JsonObject> pods = List.of(pod("a", "500m", "128Mi"), pod("b", "500m", "128Mi"));

    assertEquals(Optional.of(1.0), PodMetrics.limitSum(pods, "api", "cpu"));
    assertEquals(Optional.of(256.0 * 1024 * 1024), PodMetrics.limitSum(pods, "api", "memory"));
  }

  @Test
  void limitSum_onePodUnlimited_noLimit() {
    assertEquals(Optional.empty(), PodMetrics.limitSum(List.of(pod("a", "500m", "128Mi"), pod("b", null, null)), "api", "cpu"));
  }

  @Test
  void lastReadiness_newestReadyConditionOfAnyPod_withItsMessage() {
    JsonObject ready = JsonParser.parseString("""
        {"metadata":{"name":"api-1"},"status":{"conditions":[
          {"type":"Ready","status":"True","lastTransitionTime":"2026-12-02T07:00:00Z"}]}}""").getAsJsonObject();
    JsonObject notReady = JsonParser.parseString("""
        {"metadata":{"name":"api-2"},"status":{"conditions":[
          {"type":"PodScheduled","status":"True","lastTransitionTime":"2026-12-02T07:59:00Z"},
          {"type":"Ready","status":"False","reason":"ContainersNotReady","message":"containers with unready status: [api]",
           "lastTransitionTime":"2026-12-02T07:30:00Z"}]}}""").getAsJsonObject();

    Optional<TargetStatus.HealthResult> last = PodMetrics.lastReadiness(List.of(ready, notReady));

    assertEquals(Optional.of(new TargetStatus.HealthResult(Instant.parse("2026-12-02T07:30:00Z"), false,
        "pod api-2 not ready: containers with unready status: [api]")), last);
  }

  private static JsonObject pod(String name, String cpu, String memory) {
    JsonObject limits = new JsonObject();
    if (cpu != null) {
      limits.addProperty("cpu", cpu);
      limits.addProperty("memory", memory);
    }
    return JsonParser.parseString("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"api\",\"resources\":{\"limits\":"
        + limits + "}}]}}").getAsJsonObject();
  }
}
