package dev.slipway.k8s.render;

import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rendering of a release that changes only some services ({@code slipway deploy --env E
 * api}): their objects as today's script renders them, every other service's file for file as the
 * environment's current release recorded them, and the environment's own objects (its Namespace)
 * from today's rendering. A service's NetworkPolicy is its own object (see {@link
 * NetworkPolicies}) and goes with it.
 *
 * <p>The files are numbered again so that they still sort in apply order: the Namespace, then each
 * service's objects in the order today's script lists the services. A service that only the
 * current release has (since removed from the script) keeps its objects, after the others: a
 * release of other services does not remove it, and neither does its prune.
 *
 * <p>Refused, with a pointer to a whole deploy, where one service cannot change alone: today's
 * Namespace is not the one the others run in (the {@code namespace} setting changed), or the
 * environment starts or stops using networks. Pods are labelled with their networks and
 * NetworkPolicies let in only labelled pods once any service names a network, so one service
 * changing sides would shut it out of the others, or them out of it.
 */
public final class ServiceSplice {

  private ServiceSplice() {}

  public static Rendering of(Rendering recorded, Rendering fresh, Set<String> services) {
    List<RenderedObject> current = read(recorded);
    List<RenderedObject> today = read(fresh);
    Set<String> rendered = servicesOf(today);
    for (String service : services) {
      if (!rendered.contains(service)) {
        throw new TargetFailure("no service '" + service + "' in this environment (it has " + String.join(", ", rendered) + ")", false);
      }
    }
    boolean othersKept = current.stream().anyMatch(o -> o.service().isPresent() && !services.contains(o.service().get()));
    if (othersKept) {
      requireSameNamespace(current, today);
      requireSameNetworkUse(current, today);
    }

    List<RenderedObject> spliced = new ArrayList<>();
    Set<String> shared = new LinkedHashSet<>();
    for (RenderedObject object : today) {
      if (object.service().isEmpty()) {
        spliced.add(object);
        shared.add(object.describe());
      }
    }
    current.stream().filter(o -> o.service().isEmpty() && !shared.contains(o.describe())).forEach(spliced::add);
    Set<String> order = new LinkedHashSet<>(rendered);
    order.addAll(servicesOf(current));
    for (String service : order) {
      List<RenderedObject> source = services.contains(service) ? today : current;
      source.stream().filter(o -> o.service().equals(Optional.of(service))).forEach(spliced::add);
    }

    List<RenderedFile> files = new ArrayList<>();
    for (int i = 0; i < spliced.size(); i++) {
      RenderedObject object = spliced.get(i);
      files.add(object.at(KubernetesRenderer.path(i, spliced.size(), object.kind(), object.name())).file());
    }
    return new Rendering(files);
  }

  private static void requireSameNamespace(List<RenderedObject> current, List<RenderedObject> today) {
    Optional<String> was = namespaceOf(current);
    Optional<String> is = namespaceOf(today);
    if (was.isPresent() && is.isPresent() && !was.equals(is)) {
      throw new TargetFailure("the environment's namespace is '" + is.get() + "' now but its other services run in '" + was.get()
          + "': deploy the whole environment (without service names) to move it", false);
    }
  }

  private static void requireSameNetworkUse(List<RenderedObject> current, List<RenderedObject> today) {
    boolean was = usesNetworks(current);
    boolean is = usesNetworks(today);
    if (was != is) {
      throw new TargetFailure((is ? "the script now names networks, which the environment's current release does not use"
          : "no service names a network any more, but the environment's current release uses networks")
          + ": its services' pods are let in by their network labels, so one service cannot change this alone; deploy the whole"
          + " environment (without service names)", false);
    }
  }

  private static Optional<String> namespaceOf(List<RenderedObject> objects) {
    return objects.stream().filter(o -> o.kind().equals("Namespace")).map(RenderedObject::name).findFirst();
  }

  private static boolean usesNetworks(List<RenderedObject> objects) {
    return objects.stream().anyMatch(o -> o.kind().equals("NetworkPolicy"));
  }

  /** The services with objects in {@code objects}, in their order. */
  private static Set<String> servicesOf(List<RenderedObject> objects) {
    return objects.stream().flatMap(o -> o.service().stream()).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static List<RenderedObject> read(Rendering rendering) {
    return rendering.files().stream().map(RenderedObject::of).toList();
  }
}
