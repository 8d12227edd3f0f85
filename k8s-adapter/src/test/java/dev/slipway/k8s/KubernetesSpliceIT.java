package dev.slipway.k8s;

import static dev.slipway.k8s.MicroservicesProd.api;
import static dev.slipway.k8s.MicroservicesProd.redis;
import static dev.slipway.k8s.MicroservicesProd.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.event.Event;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.Rendering;
import dev.slipway.k8s.state.TestCluster;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-service deploy and a scale of examples/microservices' prod environment on the real
 * control plane ({@link TestCluster}): kube-apiserver with the real Deployment, ReplicaSet and
 * HorizontalPodAutoscaler controllers, kwok's fake nodes making pods ready. What the CLI does with
 * a release, done here with the target alone: apply a spliced or scaled rendering with {@code
 * order} naming the chosen services, then prune with that rendering.
 */
class KubernetesSpliceIT {

  private static final String TOKEN_VARIABLE = "MICROSERVICES_API_TOKEN";

  private static TestCluster cluster;

  @TempDir Path stateDir;

  private final KubernetesTarget target = new KubernetesTarget();
  private final List<String> progress = new CopyOnWriteArrayList<>();

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

  @Test
  void oneServiceDeploy_writesNothingOfTheOthers_scaleRollsOut_pruneKeepsTheOthers() throws Exception {
    String namespace = cluster.newNamespace("m2-splice-it-");
    // Release 1: api with a secret, which today's script no longer has.
    ResolvedEnvironment first = MicroservicesProd.environment(namespace, api().secretFromEnv("API_TOKEN", TOKEN_VARIABLE), worker(), redis());
    RenderRequest firstRequest = MicroservicesProd.request(first, "1");
    Rendering full = target.render(firstRequest);
    target.apply(full, firstRequest, List.of("redis", "api", "worker"), context());
    assertEquals(3, deployment(namespace, "api").getStatus().getReadyReplicas(), "a deploy waits for the autoscaler's minimum");
    Map<String, String> others = resourceVersions(namespace);

    // Today: api has a new image and no secret; worker's settings changed too, but only api is deployed.
    ResolvedEnvironment today = MicroservicesProd.environment(namespace, api(), worker().env("LOG_LEVEL", "debug"), redis());
    RenderRequest todayRequest = new RenderRequest(today, Map.of(
        "api", "localhost:5000/microservices/api:2", "worker", "localhost:5000/microservices/worker:1", "redis", "redis:7"), Optional.empty());
    Rendering apiRelease = target.spliced(full, target.render(todayRequest), Set.of("api"));
    target.apply(apiRelease, todayRequest, List.of("api"), context());
    target.prune(apiRelease, todayRequest, context());

    assertEquals(others, resourceVersions(namespace), "worker's and redis' objects are neither written nor pruned");
    assertEquals("localhost:5000/microservices/api:2", deployment(namespace, "api").getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertFalse(secretNames(namespace).contains("api-secrets"), "api's own leftover is pruned: " + secretNames(namespace));

    Rendering workerScaled = target.scaled(apiRelease, Map.of("worker", 3));
    target.apply(workerScaled, todayRequest, List.of("worker"), context());

    V1Deployment worker = deployment(namespace, "worker");
    assertEquals(3, worker.getSpec().getReplicas());
    assertEquals(3, worker.getStatus().getReadyReplicas(), "apply returns once the new count is ready");
    assertTrue(worker.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream().noneMatch(e -> e.getName().equals("LOG_LEVEL")),
        "scale changes the count only");
    String scaledVersion = worker.getMetadata().getResourceVersion();
    progress.clear();
    target.apply(workerScaled, todayRequest, List.of("worker"), context());
    assertEquals(scaledVersion, deployment(namespace, "worker").getMetadata().getResourceVersion(), "the scaled file's digest matches the live object");
    assertTrue(progress.contains("deploy:worker unchanged: no object sent"), progress.toString());

    Rendering apiScaled = target.scaled(workerScaled, Map.of("api", 5));
    target.apply(apiScaled, todayRequest, List.of("api"), context());
    target.prune(apiScaled, todayRequest, context());

    V2HorizontalPodAutoscaler autoscaler = new AutoscalingV2Api(cluster.client()).readNamespacedHorizontalPodAutoscaler("api", namespace).execute();
    assertEquals(5, autoscaler.getSpec().getMinReplicas());
    assertEquals(10, autoscaler.getSpec().getMaxReplicas());
    // The cluster's autoscaler raises the count to its new floor (metrics or not), and apply waits for that.
    V1Deployment api = deployment(namespace, "api");
    assertEquals(5, api.getSpec().getReplicas());
    assertEquals(5, api.getStatus().getReadyReplicas());
    assertEquals(3, deployment(namespace, "worker").getSpec().getReplicas(), "worker keeps its scale");
    assertTrue(deploymentNames(namespace).containsAll(List.of("api", "worker", "redis")), deploymentNames(namespace).toString());
  }

  private DeployContext context() {
    Map<String, String> environment = Map.of("KUBECONFIG", cluster.kubeconfig().toString(), TOKEN_VARIABLE, "it-token-5c0f");
    return new DeployContext(stateDir, environment, event -> {
      if (event instanceof Event.StepProgress step) {
        progress.add(step.stepId() + " " + step.detail());
      }
    });
  }

  /** The resource version of every object of worker and redis, by {@code kind/name}: it changes with any write. */
  private Map<String, String> resourceVersions(String namespace) throws ApiException {
    String services = "app.kubernetes.io/component in (worker,redis)";
    CoreV1Api core = new CoreV1Api(cluster.client());
    Map<String, String> versions = new TreeMap<>();
    // Items of a list carry no kind of their own.
    put(versions, "ConfigMap", core.listNamespacedConfigMap(namespace).labelSelector(services).execute().getItems());
    put(versions, "Secret", core.listNamespacedSecret(namespace).labelSelector(services).execute().getItems());
    put(versions, "Service", core.listNamespacedService(namespace).labelSelector(services).execute().getItems());
    put(versions, "Deployment", new AppsV1Api(cluster.client()).listNamespacedDeployment(namespace).labelSelector(services).execute().getItems());
    assertTrue(versions.keySet().containsAll(List.of("Deployment/worker", "Deployment/redis", "Service/redis", "ConfigMap/worker-env")), versions.toString());
    return versions;
  }

  private static void put(Map<String, String> versions, String kind, List<? extends KubernetesObject> objects) {
    objects.forEach(o -> versions.put(kind + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
  }

  private V1Deployment deployment(String namespace, String name) throws ApiException {
    return new AppsV1Api(cluster.client()).readNamespacedDeployment(name, namespace).execute();
  }

  private List<String> deploymentNames(String namespace) throws ApiException {
    return new AppsV1Api(cluster.client()).listNamespacedDeployment(namespace).execute().getItems().stream().map(d -> d.getMetadata().getName()).toList();
  }

  private List<String> secretNames(String namespace) throws ApiException {
    return new CoreV1Api(cluster.client()).listNamespacedSecret(namespace).execute().getItems().stream().map(s -> s.getMetadata().getName()).toList();
  }
}
