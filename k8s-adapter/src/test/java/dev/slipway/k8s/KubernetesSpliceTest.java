package dev.slipway.k8s;

import static dev.slipway.k8s.MicroservicesProd.api;
import static dev.slipway.k8s.MicroservicesProd.redis;
import static dev.slipway.k8s.MicroservicesProd.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.k8s.render.KubernetesManifests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link KubernetesTarget#spliced} on the rendered prod environment of examples/microservices. */
class KubernetesSpliceTest {

  private final KubernetesTarget target = new KubernetesTarget();

  @Test
  void spliced_api_hasApiAsRenderedTodayAndWorkerAndRedisFileForFileAsRecorded() {
    Rendering recorded = render(MicroservicesProd.environment(), "1");
    // Today's script also changed worker and redis: a deploy of api alone must not take that along.
    Rendering fresh = render(MicroservicesProd.environment("micro", api().env("LOG_LEVEL", "debug"),
        worker().env("LOG_LEVEL", "debug"), redis().image("redis:7.2")), "2");

    Rendering spliced = target.spliced(recorded, fresh, Set.of("api"));

    assertEquals(paths(recorded), paths(spliced), "the same objects, in the same order");
    Map<String, String> recordedFiles = byObject(recorded);
    Map<String, String> freshFiles = byObject(fresh);
    byObject(spliced).forEach((object, content) -> {
      boolean api = object.endsWith("-api.yaml") || object.endsWith("-api-env.yaml");
      boolean namespace = object.startsWith("namespace-");
      assertEquals(api || namespace ? freshFiles.get(object) : recordedFiles.get(object), content, object);
    });
    assertTrue(byObject(spliced).get("deployment-api.yaml").contains("api:2"));
    assertTrue(byObject(spliced).get("deployment-worker.yaml").contains("worker:1"));
    assertTrue(byObject(spliced).get("deployment-redis.yaml").contains("image: redis:7\n"));
    spliced.files().forEach(file -> assertEquals(List.of(), KubernetesManifests.violations(file.content()), file.path()));
  }

  @Test
  void spliced_serviceNewInTheScript_takesItsPlaceInScriptOrder_andStaysOutUnlessChosen() {
    Rendering recorded = render(MicroservicesProd.environment("micro", api(), redis()), "1");
    Rendering fresh = render(MicroservicesProd.environment(), "2");

    Rendering withWorker = target.spliced(recorded, fresh, Set.of("worker"));
    Rendering withoutWorker = target.spliced(recorded, fresh, Set.of("api"));

    assertEquals(
        List.of("01-namespace-micro.yaml", "02-configmap-api-env.yaml", "03-service-api.yaml", "04-deployment-api.yaml",
            "05-horizontalpodautoscaler-api.yaml", "06-poddisruptionbudget-api.yaml", "07-configmap-worker-env.yaml",
            "08-deployment-worker.yaml", "09-service-redis.yaml", "10-deployment-redis.yaml"),
        paths(withWorker));
    assertTrue(byObject(withWorker).get("deployment-api.yaml").contains("api:1"), "api as recorded");
    assertEquals(paths(recorded), paths(withoutWorker));
  }

  @Test
  void spliced_serviceRemovedFromTheScript_keepsItsRecordedObjectsAfterTheOthers() {
    Rendering recorded = render(MicroservicesProd.environment(), "1");
    Rendering fresh = render(MicroservicesProd.environment("micro", api(), redis()), "2");

    Rendering spliced = target.spliced(recorded, fresh, Set.of("api"));

    List<String> paths = paths(spliced);
    assertEquals(List.of("09-configmap-worker-env.yaml", "10-deployment-worker.yaml"), paths.subList(8, 10), paths.toString());
    assertEquals(byObject(recorded).get("deployment-worker.yaml"), byObject(spliced).get("deployment-worker.yaml"));
  }

  @Test
  void spliced_noRecordedRelease_isTheNamespaceAndTheChosenServices() {
    Rendering fresh = render(MicroservicesProd.environment(), "1");

    Rendering spliced = target.spliced(new Rendering(List.of()), fresh, Set.of("redis"));

    assertEquals(List.of("01-namespace-micro.yaml", "02-service-redis.yaml", "03-deployment-redis.yaml"), paths(spliced));
  }

  @Test
  void spliced_serviceTheScriptDoesNotHave_failsNamingIt() {
    Rendering rendering = render(MicroservicesProd.environment(), "1");

    TargetFailure failure = assertThrows(TargetFailure.class, () -> target.spliced(rendering, rendering, Set.of("db")));

    assertEquals("no service 'db' in this environment (it has api, worker, redis)", failure.getMessage());
  }

  @Test
  void spliced_namespaceSettingChanged_refusedWithTheWayOut() {
    Rendering recorded = render(MicroservicesProd.environment(), "1");
    Rendering fresh = render(MicroservicesProd.environment("micro-2", api(), worker(), redis()), "1");

    TargetFailure failure = assertThrows(TargetFailure.class, () -> target.spliced(recorded, fresh, Set.of("api")));

    assertEquals("the environment's namespace is 'micro-2' now but its other services run in 'micro': deploy the whole environment"
        + " (without service names) to move it", failure.getMessage());
  }

  @Test
  void spliced_firstNetworkNamed_refusedForOneService_acceptedForAll() {
    Rendering recorded = render(MicroservicesProd.environment(), "1");
    Rendering fresh = render(MicroservicesProd.environment("micro", api().network("backend"), worker(), redis()), "1");

    TargetFailure failure = assertThrows(TargetFailure.class, () -> target.spliced(recorded, fresh, Set.of("api")));
    Rendering all = target.spliced(recorded, fresh, Set.of("api", "worker", "redis"));

    assertTrue(failure.getMessage().startsWith("the script now names networks, which the environment's current release does not use"),
        failure.getMessage());
    assertEquals(paths(fresh), paths(all));
    assertEquals(fresh.files(), all.files());
  }

  @Test
  void spliced_recordedFileIsNotAKubernetesObject_failsNamingTheFile() {
    Rendering recorded = new Rendering(List.of(new RenderedFile("compose.yaml", "services:\n  api:\n    image: api:1\n")));
    Rendering fresh = render(MicroservicesProd.environment(), "1");

    TargetFailure failure = assertThrows(TargetFailure.class, () -> target.spliced(recorded, fresh, Set.of("api")));

    assertTrue(failure.getMessage().startsWith("compose.yaml is not a Kubernetes object"), failure.getMessage());
  }

  private Rendering render(ResolvedEnvironment environment, String tag) {
    return target.render(MicroservicesProd.request(environment, tag));
  }

  static List<String> paths(Rendering rendering) {
    return rendering.files().stream().map(RenderedFile::path).toList();
  }

  /** Each file's content by {@code kind-name.yaml}, its name without the number. */
  static Map<String, String> byObject(Rendering rendering) {
    Map<String, String> files = new LinkedHashMap<>();
    rendering.files().forEach(file -> files.put(file.path().replaceFirst("^\\d+-", ""), file.content()));
    return files;
  }
}
