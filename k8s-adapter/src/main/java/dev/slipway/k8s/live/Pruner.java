package dev.slipway.k8s.live;

import com.google.gson.JsonObject;
import dev.slipway.k8s.state.SecretReleaseStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds and deletes the objects of one environment: those labelled as Slipway's for its instance
 * ({@code app.kubernetes.io/managed-by=slipway}, {@code app.kubernetes.io/instance=<project>-<env>}).
 * Nothing without both labels is ever touched. Volume claims only when asked: they hold data.
 */
final class Pruner {

  /** The kinds an environment's objects can have, besides its Namespace (which keeps its history). */
  private static final Set<ResourceKind> OWNED = EnumSet.of(
      ResourceKind.JOB, ResourceKind.POD_DISRUPTION_BUDGET, ResourceKind.HORIZONTAL_POD_AUTOSCALER, ResourceKind.DEPLOYMENT,
      ResourceKind.STATEFUL_SET, ResourceKind.SERVICE, ResourceKind.SECRET, ResourceKind.CONFIG_MAP, ResourceKind.NETWORK_POLICY,
      ResourceKind.SERVICE_MONITOR);

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String INSTANCE = "app.kubernetes.io/instance";

  private final ClusterApi api;
  private final String namespace;
  private final String instance;

  Pruner(ClusterApi api, String namespace, String instance) {
    this.api = api;
    this.namespace = namespace;
    this.instance = instance;
  }

  /** Deletes the environment's objects that {@code keep} does not define; returns what it deleted. */
  List<String> prune(List<Manifest> keep) {
    return delete(OWNED, described(keep), false);
  }

  /** What {@link #prune} would delete, deleting nothing. */
  List<String> prunable(List<Manifest> keep) {
    return delete(OWNED, described(keep), true);
  }

  private static Set<String> described(List<Manifest> manifests) {
    return manifests.stream().map(Manifest::describe).collect(Collectors.toSet());
  }

  /** Deletes every object of the environment, volume claims too when {@code volumes} is set. */
  List<String> destroy(boolean volumes) {
    Set<ResourceKind> kinds = EnumSet.copyOf(OWNED);
    if (volumes) {
      kinds.add(ResourceKind.PERSISTENT_VOLUME_CLAIM);
    }
    return delete(kinds, Set.of(), false);
  }

  /** Deletes the environment's live objects of {@code kind}, whatever a release defines; returns what it deleted. */
  List<String> deleteEvery(ResourceKind kind) {
    return delete(EnumSet.of(kind), Set.of(), false);
  }

  /** The environment's live objects, as {@code kind/name}. */
  List<JsonObject> live(ResourceKind kind) {
    return api.list(kind, namespace, MANAGED_BY + "=slipway," + INSTANCE + "=" + instance);
  }

  private List<String> delete(Set<ResourceKind> kinds, Set<String> kept, boolean dryRun) {
    List<String> deleted = new ArrayList<>();
    for (ResourceKind kind : kinds) {
      for (JsonObject object : live(kind)) {
        String name = ClusterApi.text(object, "metadata", "name").orElseThrow();
        // Owned by another object (a Job's pods, say): that object's deletion takes it along.
        boolean owned = !ClusterApi.array(object, "metadata", "ownerReferences").isEmpty();
        // The environment's history: never an object a release defines, whatever its labels say.
        boolean record = ClusterApi.text(object, "type").filter(SecretReleaseStore.TYPE::equals).isPresent();
        if (!owned && !record && !kept.contains(kind.describe(name))) {
          if (!dryRun) {
            api.delete(kind, namespace, name);
          }
          deleted.add(kind.describe(name));
        }
      }
    }
    return deleted;
  }
}
