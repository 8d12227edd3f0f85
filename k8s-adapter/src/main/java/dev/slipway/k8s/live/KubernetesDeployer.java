package dev.slipway.k8s.live;

import com.google.gson.JsonElement;
import dev.slipway.core.event.Event;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.secret.SecretValues;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.target.TargetStatus;
import dev.slipway.k8s.KubernetesSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The live operations of {@code KubernetesTarget} on the cluster {@link KubeConnection} finds, in
 * the environment's namespace.
 */
public final class KubernetesDeployer {

  /**
   * Added to a service's health deadline when waiting for its rollout: the Deployment's own
   * progress deadline (the same value) is then what ends the wait, with its own reason.
   */
  static final Duration DEADLINE_MARGIN = Duration.ofSeconds(15);

  /** Held while stale NetworkPolicies are looked for and deleted, so that they are deleted and reported once. */
  private static final Object STALE_POLICIES = new Object();

  private final KubernetesSettings settings;
  private final String namespace;

  public KubernetesDeployer(KubernetesSettings settings, String namespace) {
    this.settings = settings;
    this.namespace = namespace;
  }

  /** The cluster answers, accepts these credentials, and every secret of {@code services} has a value here. */
  public void preflight(RenderRequest request, Set<String> services, DeployContext context) {
    ClusterApi api = api(context);
    api.get(ResourceKind.NAMESPACE, namespace, namespace);
    secretData(request, context).check(services);
  }

  /**
   * Applies the environment's own objects (its Namespace) and then, service by service in {@code
   * order}, each service's objects followed by a wait for its rollout: a service is applied only
   * once those before it (its dependencies) are ready. A service's NetworkPolicy goes with it, so
   * that a dependency admits a network before its dependents roll onto it; see {@link
   * #dropStalePolicies} for a release without any.
   */
  public void apply(Rendering rendering, RenderRequest request, List<String> order, DeployContext context) {
    ClusterApi api = api(context);
    List<Manifest> manifests = Manifest.of(rendering);
    ObjectApplier applier = new ObjectApplier(api, secretData(request, context), context.options().forceConflicts());
    RolloutWait rollout = new RolloutWait(api, context.events());
    Map<String, Service> services = services(request.environment());
    manifests.stream().filter(m -> m.service().isEmpty()).forEach(applier::apply);
    dropStalePolicies(api, manifests, context);
    for (String name : order) {
      List<Manifest> own = manifests.stream().filter(m -> m.service().equals(Optional.of(name))).filter(m -> servedOrSaySo(api, m, context)).toList();
      int written = 0;
      for (Manifest manifest : own) {
        written += applier.apply(manifest) ? 1 : 0;
      }
      if (written == 0) {
        progress(context, name, "unchanged: no object sent");
      }
      Service service = services.get(name);
      Duration deadline = deadlineOf(service).plus(DEADLINE_MARGIN);
      for (Manifest workload : own.stream().filter(m -> m.kind().isWorkload()).toList()) {
        try {
          rollout.await(workload, selector(workload), deadline, autoscalerFloor(own, workload));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TargetFailure("interrupted while " + workload.describe() + " rolled out", false);
        }
      }
    }
  }

  /**
   * The {@code minReplicas} of the autoscaler among {@code own} that scales {@code workload}, 0
   * without one: a deploy (or a scale, which moves it) is done once that many pods are ready,
   * not once the count the workload had before its autoscaler acted is.
   */
  static int autoscalerFloor(List<Manifest> own, Manifest workload) {
    return own.stream()
        .filter(m -> m.kind() == ResourceKind.HORIZONTAL_POD_AUTOSCALER)
        .filter(m -> ClusterApi.text(m.body(), "spec", "scaleTargetRef", "name").filter(workload.name()::equals).isPresent())
        .map(m -> ClusterApi.text(m.body(), "spec", "minReplicas").map(Integer::parseInt).orElse(1))
        .findFirst()
        .orElse(0);
  }

  /**
   * A release in which no service names a network any more removes the environment's
   * NetworkPolicies before any service rolls, even with {@code --no-prune}: pods lose their network
   * labels as their services roll, and a policy left until the prune would shut them out of their
   * dependencies (a dependent's wait for one would never end). Services applied side by side
   * share the rendering; one of them does the work.
   */
  private void dropStalePolicies(ClusterApi api, List<Manifest> manifests, DeployContext context) {
    if (manifests.stream().anyMatch(m -> m.kind() == ResourceKind.NETWORK_POLICY)) {
      return;
    }
    synchronized (STALE_POLICIES) {
      Pruner pruner = pruner(api, manifests);
      if (!pruner.live(ResourceKind.NETWORK_POLICY).isEmpty()) {
        List<String> deleted = pruner.deleteEvery(ResourceKind.NETWORK_POLICY);
        context.events().on(new Event.Warning(Instant.now(), "no service names a network any more: deleted " + String.join(", ", deleted)));
      }
    }
  }

  /**
   * Runs a pipeline's one-off command as {@code job}, with what {@code rendering} gives its
   * service, and returns once the Job is Complete: see {@link OneOffJobRun}.
   */
  public void runOnce(Rendering rendering, RenderedFile job, RenderRequest request, OneOffRunner.OneOff run, DeployContext context) {
    ClusterApi api = api(context);
    ObjectApplier applier = new ObjectApplier(api, secretData(request, context), context.options().forceConflicts());
    try {
      new OneOffJobRun(api, applier, context.events()).run(Manifest.of(rendering), Manifest.of(job), run);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetFailure("interrupted while " + job.path() + " ran; the Job was deleted", false);
    }
  }

  public void prune(Rendering rendering, RenderRequest request, DeployContext context) {
    if (!context.options().prune()) {
      return;
    }
    List<Manifest> manifests = Manifest.of(rendering);
    List<String> deleted = pruner(api(context), manifests).prune(manifests);
    if (!deleted.isEmpty()) {
      context.events().on(new Event.Warning(Instant.now(), "pruned what the release no longer defines: " + String.join(", ", deleted)));
    }
  }

  public void destroy(RenderRequest request, Rendering rendering, boolean volumes, DeployContext context) {
    List<String> deleted = pruner(api(context), Manifest.of(rendering)).destroy(volumes);
    context.events().on(new Event.Warning(Instant.now(), deleted.isEmpty() ? "nothing of this environment was left in namespace " + namespace
        : "deleted " + String.join(", ", deleted) + (volumes || !request.environment().hasVolumes() ? "" : " (volume claims kept: destroy --volumes removes them)")));
  }

  /** What runs, and, in its {@code about} line, which API server and kubeconfig context it was read from. */
  public TargetStatus status(RenderRequest request, Rendering rendering, DeployContext context) {
    KubeConnection connection = KubeConnection.open(settings, context.environment());
    TargetStatus status = new KubernetesStatusReader(new ClusterApi(connection), namespace).read(request, Manifest.of(rendering));
    return new TargetStatus(status.services(), List.of("cluster: " + connection.server() + ", from " + connection.source()));
  }

  public List<String> diff(Rendering rendering, RenderRequest request, DeployContext context) {
    ClusterApi api = api(context);
    List<Manifest> manifests = Manifest.of(rendering);
    List<String> changes = new ArrayList<>(new LiveDiff(api, secretData(request, context)).diff(manifests));
    pruner(api, manifests).prunable(manifests).forEach(gone -> changes.add("- " + gone + " (pruned by the next deploy)"));
    return changes;
  }

  public String logs(Rendering rendering, Optional<String> service, int lines, DeployContext context) {
    return new KubernetesLogs(api(context), namespace).tail(selectors(rendering, service), lines);
  }

  public void followLogs(Rendering rendering, Optional<String> service, int lines, DeployContext context, java.util.function.Consumer<String> sink) {
    new KubernetesLogs(api(context), namespace).follow(selectors(rendering, service), lines, sink);
  }

  /** Each service's pod labels, for one service or all. */
  private static Map<String, Map<String, String>> selectors(Rendering rendering, Optional<String> service) {
    Map<String, Map<String, String>> selectors = new LinkedHashMap<>();
    for (Manifest manifest : Manifest.of(rendering)) {
      if (manifest.kind().isWorkload() && manifest.service().isPresent() && service.map(manifest.service().get()::equals).orElse(true)) {
        selectors.put(manifest.service().get(), selector(manifest));
      }
    }
    if (selectors.isEmpty()) {
      throw new TargetFailure(service.map(s -> "no service '" + s + "' runs in this environment").orElse("no service runs in this environment"), false);
    }
    return selectors;
  }

  private ClusterApi api(DeployContext context) {
    return new ClusterApi(KubeConnection.open(settings, context.environment()));
  }

  private Pruner pruner(ClusterApi api, List<Manifest> manifests) {
    String instance = manifests.stream()
        .filter(m -> m.kind() == ResourceKind.NAMESPACE)
        .findFirst()
        .flatMap(m -> ClusterApi.text(m.body(), "metadata", "labels", Pruner.INSTANCE))
        .orElseThrow(() -> new IllegalArgumentException("a Kubernetes rendering starts with its Namespace"));
    return new Pruner(api, namespace, instance);
  }

  private static SecretData secretData(RenderRequest request, DeployContext context) {
    return new SecretData(services(request.environment()), new SecretValues(context.environment(), request.environment().project().baseDir()));
  }

  private static Map<String, Service> services(ResolvedEnvironment environment) {
    return environment.services().stream().collect(Collectors.toMap(Service::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  static Duration deadlineOf(Service service) {
    return service == null ? HealthCheck.DEFAULT_DEADLINE : service.health().map(HealthCheck::deadline).orElse(HealthCheck.DEFAULT_DEADLINE);
  }

  static Map<String, String> selector(Manifest workload) {
    Map<String, String> selector = new LinkedHashMap<>();
    ClusterApi.object(workload.body(), "spec", "selector", "matchLabels").ifPresent(labels -> {
      for (Map.Entry<String, JsonElement> label : labels.entrySet()) {
        selector.put(label.getKey(), label.getValue().getAsString());
      }
    });
    return selector;
  }

  /**
   * A ServiceMonitor is rendered for every service with metrics and applied only where the
   * Prometheus Operator's CRD is served: rendering stays pure (it cannot ask the cluster), and a
   * cluster without the operator still gets the pods' scrape annotations.
   */
  private static boolean servedOrSaySo(ClusterApi api, Manifest manifest, DeployContext context) {
    if (api.serves(manifest.kind())) {
      return true;
    }
    progress(context, manifest.service().orElse(""), notServed(manifest));
    return false;
  }

  static String notServed(Manifest manifest) {
    return manifest.describe() + " not applied: the cluster does not serve " + manifest.kind().group + "/" + manifest.kind().version + " "
        + manifest.kind().kind + " (no Prometheus Operator CRDs)";
  }

  private static void progress(DeployContext context, String service, String message) {
    context.events().on(new Event.StepProgress(Instant.now(), "deploy:" + service, -1, message));
  }

  static String labelSelector(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

}
