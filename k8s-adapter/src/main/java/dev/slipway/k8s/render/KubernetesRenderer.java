package dev.slipway.k8s.render;

import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders one environment as Kubernetes manifests: one object per file, named {@code
 * NN-kind-name.yaml} so that {@code kubectl apply -f DIR} applies them in order. The Namespace comes
 * first, then each service's objects in the environment's service order (see {@link
 * ServiceObjects}).
 *
 * <p>Secret values are written only when the request carries them ({@code render
 * --include-secrets}); otherwise each is a placeholder naming where its value comes from.
 */
public final class KubernetesRenderer {

  static final String HEADER = "# Rendered by Slipway from the deploy script; edit the script, not this file.\n";

  private final String namespace;

  /** @param namespace where every object goes; a valid DNS-1123 label */
  public KubernetesRenderer(String namespace) {
    this.namespace = namespace;
  }

  public List<RenderedFile> render(RenderRequest request) {
    List<KubernetesObject> objects = objects(request);
    List<RenderedFile> files = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      KubernetesObject object = objects.get(i);
      String note = ServiceMonitors.KIND.equals(object.getKind()) ? ServiceMonitors.NOTE : "";
      files.add(new RenderedFile(path(i, objects.size(), object.getKind(), object.getMetadata().getName()), HEADER + note + ManifestYaml.dump(object)));
    }
    return files;
  }

  /**
   * The file name of the object at {@code position} (from 0) of {@code count}: {@code
   * NN-kind-name.yaml}, numbered wide enough for the count, so that names sort in apply order past
   * 99 objects too.
   */
  static String path(int position, int count, String kind, String name) {
    String number = "%0" + Math.max(2, Integer.toString(count).length()) + "d";
    return String.format(Locale.ROOT, number, position + 1) + "-" + kind.toLowerCase(Locale.ROOT) + "-" + name + ".yaml";
  }

  /**
   * The Job that runs {@code command} once in {@code service}'s pod, named {@code
   * <service>-<stage>-<suffix>}. Not part of {@link #render}: a release does not keep it running.
   *
   * @param suffix what makes the name unique among the environment's runs
   */
  public RenderedFile oneOffJob(RenderRequest request, String service, String stage, String suffix, String command, Duration deadline) {
    ResolvedEnvironment environment = request.environment();
    Service runIn = environment.services().stream().filter(s -> s.name().equals(service)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("environment '" + environment.name() + "' has no service '" + service + "'"));
    Labels labels = Labels.of(environment).forService(runIn);
    String name = OneOffJob.name(service, stage, suffix);
    // No dependencies, so no init containers that wait for them: a run starts and waits for nothing, as on Compose.
    V1PodTemplateSpec template =
        PodTemplates.of(runIn, request.imageOf(service), labels, List.of(), ProjectFiles.read(environment.project().baseDir(), runIn));
    KubernetesObject job = OneOffJob.of(runIn, template, name, namespace, labels, command, deadline);
    return new RenderedFile("job-" + name + ".yaml", HEADER + ManifestYaml.dump(job));
  }

  /**
   * What a port without a name of its own is called in the Service and the pod: an IANA service
   * name (at most 15 characters, with a letter), and {@code tcp-} also tells meshes the protocol.
   */
  public static String unnamedPortName(int container) {
    return "tcp-" + container;
  }

  private List<KubernetesObject> objects(RenderRequest request) {
    ResolvedEnvironment environment = request.environment();
    Labels labels = Labels.of(environment);
    Map<String, Service> byName = environment.services().stream().collect(Collectors.toMap(Service::name, Function.identity()));
    List<KubernetesObject> objects = new ArrayList<>();
    objects.add(new V1Namespace().apiVersion("v1").kind("Namespace").metadata(new V1ObjectMeta().name(namespace).labels(labels.all())));
    for (Service service : environment.services()) {
      List<Service> dependencies = service.dependsOn().stream().map(d -> dependency(environment, byName, service, d)).toList();
      ServiceObjects serviceObjects =
          new ServiceObjects(
              service,
              request.imageOf(service.name()),
              namespace,
              labels.forService(service),
              dependencies,
              ProjectFiles.read(environment.project().baseDir(), service),
              request.secrets());
      objects.addAll(serviceObjects.objects());
    }
    return objects;
  }

  private static Service dependency(ResolvedEnvironment environment, Map<String, Service> byName, Service service, Dependency dependency) {
    Service target = byName.get(dependency.service());
    if (target == null) {
      throw new IllegalArgumentException(
          "service '" + service.name() + "' depends on '" + dependency.service() + "', which environment '" + environment.name()
              + "' does not have");
    }
    return target;
  }
}
