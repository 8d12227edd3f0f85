package dev.slipway.k8s.render;

import com.google.gson.JsonObject;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetFailure;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A recorded rendering with some services set to run another number of copies ({@code slipway
 * scale --env E api=5}), every other file byte for byte as recorded.
 *
 * <p>A service without {@code autoscale} gets the count as its workload's {@code spec.replicas}.
 * An autoscaled one keeps its workload as rendered, without {@code spec.replicas} (the
 * HorizontalPodAutoscaler owns that count, see {@link ServiceObjects}), and its autoscaler's bounds
 * move instead: {@code minReplicas = n} and {@code maxReplicas = max(maxReplicas, n)}. The
 * autoscaler then adds pods until {@code n} run, and still adds more up to its maximum under load;
 * scaling down lowers the floor, and the autoscaler removes pods as its CPU target allows. An
 * autoscaler keeps at least one pod, so an autoscaled service cannot be scaled to 0.
 *
 * <p>An edited file is written as the renderer writes it: a script whose {@code replicas} (or
 * {@code autoscale min/max}) later says the same renders the same text, and deploying it then
 * sends nothing. The PodDisruptionBudget, which the renderer adds only for a service that can run
 * several pods, is left as the release has it: scale changes counts, nothing else.
 */
public final class ReplicaScale {

  private ReplicaScale() {}

  public static Rendering of(Rendering recorded, Map<String, Integer> replicas) {
    List<RenderedObject> objects = new ArrayList<>(recorded.files().stream().map(RenderedObject::of).toList());
    for (Map.Entry<String, Integer> wanted : new TreeMap<>(replicas).entrySet()) {
      scale(objects, wanted.getKey(), wanted.getValue());
    }
    return new Rendering(objects.stream().map(RenderedObject::file).toList());
  }

  private static void scale(List<RenderedObject> objects, String service, int count) {
    if (count < 0) {
      throw new TargetFailure("service '" + service + "' cannot run " + count + " copies: scale it to 0 or more", false);
    }
    List<Integer> workloads = positions(objects, service, RenderedObject::isWorkload);
    if (workloads.isEmpty()) {
      Set<String> running = new LinkedHashSet<>();
      objects.stream().filter(RenderedObject::isWorkload).forEach(o -> o.service().ifPresent(running::add));
      throw new TargetFailure("the environment's current release runs no service '" + service + "'"
          + (running.isEmpty() ? ": deploy the environment first" : " (it runs " + String.join(", ", running) + ")"), false);
    }
    List<Integer> autoscalers = positions(objects, service, o -> o.kind().equals("HorizontalPodAutoscaler"));
    if (autoscalers.isEmpty()) {
      workloads.forEach(position -> set(objects, position, spec -> spec.addProperty("replicas", count)));
      return;
    }
    if (count == 0) {
      throw new TargetFailure("service '" + service + "' is autoscaled, and an autoscaler keeps at least 1 pod: scale it to 1 or more,"
          + " or remove its autoscale from the script and deploy it with replicas 0", false);
    }
    for (int position : autoscalers) {
      set(objects, position, spec -> {
        int max = Optional.ofNullable(spec.get("maxReplicas")).map(m -> m.getAsInt()).orElse(count);
        spec.addProperty("minReplicas", count);
        spec.addProperty("maxReplicas", Math.max(max, count));
      });
    }
  }

  /** Edits the spec of the object at {@code position}, rewriting its file only when the spec changed. */
  private static void set(List<RenderedObject> objects, int position, Consumer<JsonObject> edit) {
    RenderedObject object = objects.get(position);
    JsonObject before = object.spec().deepCopy();
    edit.accept(object.spec());
    if (!object.spec().equals(before)) {
      objects.set(position, object.edited());
    }
  }

  private static List<Integer> positions(List<RenderedObject> objects, String service, Predicate<RenderedObject> kind) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i).service().equals(Optional.of(service)) && kind.test(objects.get(i))) {
        positions.add(i);
      }
    }
    return positions;
  }
}
