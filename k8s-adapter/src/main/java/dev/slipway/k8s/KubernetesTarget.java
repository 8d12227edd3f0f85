package dev.slipway.k8s;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.model.BindMount;
import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.ProjectFile;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.DiffSource;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.LogSource;
import dev.slipway.core.target.OneOffRunner;
import dev.slipway.core.target.RenderRequest;
import dev.slipway.core.target.RenderedFile;
import dev.slipway.core.target.Rendering;
import dev.slipway.core.target.TargetStatus;
import dev.slipway.k8s.live.KubeConnection;
import dev.slipway.k8s.live.KubernetesDeployer;
import dev.slipway.k8s.render.KubernetesRenderer;
import dev.slipway.k8s.render.ReplicaScale;
import dev.slipway.k8s.render.ServiceSplice;
import dev.slipway.k8s.state.KubernetesState;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deploys an environment to a Kubernetes cluster: {@code target kubernetes()} in a deploy script.
 * Renders one manifest per object, in the order they can be applied, and applies them with
 * server-side apply, service by service, each after its dependencies have rolled out.
 */
public final class KubernetesTarget implements LiveTarget, LogSource, DiffSource, OneOffRunner {

  public static final String TYPE = "kubernetes";

  /** The most a ConfigMap, and so a service's files together, may hold. */
  private static final long MAX_FILES_BYTES = 1024 * 1024;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<Problem> validate(TargetSpec spec) {
    return KubernetesSettings.problems(spec);
  }

  /**
   * Built images must come from a registry the cluster can pull from: without one, a name such
   * as {@code shop/web} would be looked for on Docker Hub.
   */
  @Override
  public List<Problem> validate(ResolvedEnvironment environment) {
    List<Problem> problems = new ArrayList<>();
    List<String> built = environment.services().stream().filter(Service::isBuilt).map(Service::name).toList();
    if (!built.isEmpty() && environment.project().registry().isEmpty()) {
      problems.add(new Problem(environment.target().location(),
          "target kubernetes() needs images the cluster can pull, but the project has no registry for its built services ("
              + String.join(", ", built) + "): add `registry 'registry.example.com/" + environment.project().name()
              + "'` (one the cluster's nodes reach), or their names would be looked up on Docker Hub"));
    }
    problems.addAll(unreachableDependencies(environment));
    for (Service service : environment.services()) {
      problems.addAll(hostMounts(environment, service));
      problems.addAll(oversizedFiles(environment, service));
      problems.addAll(portNameClashes(service));
    }
    return problems;
  }

  /** A cluster's nodes are not the machine that deploys: a path on it means nothing there. */
  private static List<Problem> hostMounts(ResolvedEnvironment environment, Service service) {
    List<Problem> problems = new ArrayList<>();
    for (BindMount mount : service.mounts()) {
      problems.add(new Problem(mount.location(),
          "mount '" + mount.source() + "', '" + mount.target() + "' of service '" + service.name() + "' is a host mount, for Compose and"
              + " development only; on Kubernetes (environment '" + environment.name() + "') use file '" + mount.source() + "', '"
              + mount.target() + "' for a project file or volume '<name>', '" + mount.target() + "' for data"));
    }
    return problems;
  }

  /**
   * A service's files go into one ConfigMap, which holds at most 1 MiB in all; each file alone is
   * checked by the core rules.
   */
  private static List<Problem> oversizedFiles(ResolvedEnvironment environment, Service service) {
    long total = 0;
    for (ProjectFile file : service.files()) {
      try {
        total += Files.size(environment.project().baseDir().resolve(file.source()));
      } catch (IOException e) {
        // A missing file is the core rules' to report.
      }
    }
    if (total <= MAX_FILES_BYTES || service.files().isEmpty()) {
      return List.of();
    }
    return List.of(new Problem(service.files().get(0).location(),
        "the files of service '" + service.name() + "' hold " + total + " bytes together, more than the 1 MiB a Kubernetes ConfigMap"
            + " holds: put the larger ones in the image"));
  }

  /** A named port may not take the name {@code tcp-<N>} that an unnamed port {@code N} of the same service gets. */
  private static List<Problem> portNameClashes(Service service) {
    List<Problem> problems = new ArrayList<>();
    for (Port named : service.ports()) {
      for (Port unnamed : service.ports()) {
        String generated = KubernetesRenderer.unnamedPortName(unnamed.container());
        if (unnamed.name().isEmpty() && named.name().equals(Optional.of(generated))) {
          problems.add(new Problem(named.location(),
              "port " + named.container() + " is named '" + generated + "', the name Kubernetes gives unnamed port " + unnamed.container()
                  + ": choose another name, or name port " + unnamed.container() + " too"));
        }
      }
    }
    return problems;
  }

  /**
   * On Compose a service is reachable by name on the environment's network, port or not; on
   * Kubernetes only through a Service, which needs a port. A dependency without one would be
   * started first and then never reached, so it is refused where it is depended on.
   */
  private static List<Problem> unreachableDependencies(ResolvedEnvironment environment) {
    List<Problem> problems = new ArrayList<>();
    for (Service service : environment.services()) {
      for (Dependency dependency : service.dependsOn()) {
        environment.services().stream()
            .filter(other -> other.name().equals(dependency.service()) && other.ports().isEmpty())
            .findFirst()
            .ifPresent(portless -> problems.add(new Problem(dependency.location(),
                "service '" + service.name() + "' depends on '" + portless.name() + "', which has no port: on Kubernetes (environment '"
                    + environment.name() + "') a service is reached only through a port; give '" + portless.name()
                    + "' the port it listens on (`port N`), or drop the dependsOn if '" + service.name() + "' never talks to it")));
      }
    }
    return problems;
  }

  @Override
  public Rendering render(RenderRequest request) {
    KubernetesSettings settings = KubernetesSettings.of(request.environment().target());
    return new Rendering(new KubernetesRenderer(settings.namespaceFor(request.environment())).render(request));
  }

  /**
   * Releases and the lock live in the cluster, in the environment's namespace: every machine that
   * deploys there sees the same history and the same lock (a Lease, which expires when its
   * holder dies).
   */
  @Override
  public DeployState state(RenderRequest request, DeployContext context) {
    KubernetesSettings settings = KubernetesSettings.of(request.environment().target());
    ResolvedEnvironment environment = request.environment();
    return new KubernetesState(KubeConnection.open(settings, context.environment()).client(), settings.namespaceFor(environment),
        environment.project().name(), environment.name());
  }

  @Override
  public void preflight(RenderRequest request, Set<String> services, DeployContext context) {
    deployer(request).preflight(request, services, context);
  }

  @Override
  public void apply(Rendering rendering, RenderRequest request, List<String> order, DeployContext context) {
    deployer(request).apply(rendering, request, order, context);
  }

  /** Each object is applied on its own by the API server; independent services roll out side by side. */
  @Override
  public boolean appliesConcurrently() {
    return true;
  }

  @Override
  public void prune(Rendering rendering, RenderRequest request, DeployContext context) {
    deployer(request).prune(rendering, request, context);
  }

  /**
   * The chosen services' objects from {@code fresh}, the others' from {@code recorded}, the
   * Namespace from {@code fresh}, numbered again in apply order: see {@link ServiceSplice}.
   * Applied with {@code order} naming only the chosen services, nothing of the others is written;
   * the prune after it keeps them too, since they are in the rendering.
   */
  @Override
  public Rendering spliced(Rendering recorded, Rendering fresh, Set<String> services) {
    return ServiceSplice.of(recorded, fresh, services);
  }

  /**
   * The workload's {@code spec.replicas} set, or for an autoscaled service its
   * HorizontalPodAutoscaler's bounds moved to {@code minReplicas = n}, {@code maxReplicas =
   * max(maxReplicas, n)}: see {@link ReplicaScale}.
   */
  @Override
  public Rendering scaled(Rendering recorded, Map<String, Integer> replicas) {
    return ReplicaScale.of(recorded, replicas);
  }

  @Override
  public TargetStatus status(RenderRequest request, DeployContext context) {
    return deployer(request).status(request, render(request), context);
  }

  @Override
  public void destroy(RenderRequest request, boolean volumes, DeployContext context) {
    deployer(request).destroy(request, render(request), volumes, context);
  }

  @Override
  public String logs(RenderRequest request, Optional<String> service, int lines, DeployContext context) {
    return deployer(request).logs(render(request), service, lines, context);
  }

  @Override
  public void followLogs(RenderRequest request, Optional<String> service, int lines, DeployContext context, Consumer<String> sink) {
    deployer(request).followLogs(render(request), service, lines, context, sink);
  }

  @Override
  public List<String> diff(Rendering rendering, RenderRequest request, DeployContext context) {
    return deployer(request).diff(rendering, request, context);
  }

  /**
   * A Job named {@code <service>-<stage>-<8 hex>}: the hash includes the time, so every run is a
   * new Job (a Job's pod template cannot change, and a Complete Job with the same name would
   * never run again).
   */
  @Override
  public void runOnce(Rendering rendering, RenderRequest request, OneOff run, DeployContext context) {
    KubernetesSettings settings = KubernetesSettings.of(request.environment().target());
    String suffix = new Sha256().part(run.stage()).part(run.service()).part(run.command()).part(Instant.now().toString()).hex().substring(0, 8);
    RenderedFile job = new KubernetesRenderer(settings.namespaceFor(request.environment()))
        .oneOffJob(request, run.service(), run.stage(), suffix, run.command(), run.deadline());
    deployer(request).runOnce(rendering, job, request, run, context);
  }

  private static KubernetesDeployer deployer(RenderRequest request) {
    KubernetesSettings settings = KubernetesSettings.of(request.environment().target());
    return new KubernetesDeployer(settings, settings.namespaceFor(request.environment()));
  }
}
