package dev.slipway.k8s.render;

import dev.slipway.core.hash.Sha256;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.Resources;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.Volume;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1ConfigMapEnvSource;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Sysctl;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The pod a service runs as: its one container, what waits before it, and how it is locked down. */
final class PodTemplates {

  /** The user images built from Python source run as; a fixed number so that volume ownership ({@code fsGroup}) matches. */
  static final long APP_USER = 10001;

  /** Not a name a script can give a volume by accident: scripts name volumes after their data. */
  static final String SECRETS_VOLUME = "slipway-secrets";

  /**
   * A digest of the service's ConfigMap. Containers read {@code envFrom} only when they start, so
   * the digest in the pod template is what makes a changed env roll the pods.
   */
  static final String ENV_DIGEST_ANNOTATION = "dev.slipway/env-sha256";

  /** A digest of the service's project files: see {@link ProjectFiles#digest()}. */
  static final String FILES_DIGEST_ANNOTATION = "dev.slipway/files-sha256";

  /** Not a name a script can give a volume by accident, as {@link #SECRETS_VOLUME}. */
  static final String FILES_VOLUME = "slipway-files";

  private static final int WAIT_RETRY_SECONDS = 2;

  /** How long a dependency's Service may take to accept a connection before the wait tries again. */
  static final int WAIT_CONNECT_TIMEOUT_SECONDS = 3;

  private PodTemplates() {}

  /**
   * @param labels the service's, whose {@link Labels#pod()} the pods carry
   * @param dependencies the services this one depends on, as the environment resolves them
   * @param files the service's project files, as its {@code <service>-files} ConfigMap holds them
   */
  static V1PodTemplateSpec of(Service service, String image, Labels labels, List<Service> dependencies, ProjectFiles files) {
    V1ObjectMeta metadata = new V1ObjectMeta().labels(labels.pod());
    if (!service.env().isEmpty()) {
      metadata.putAnnotationsItem(ENV_DIGEST_ANNOTATION, envDigest(service.env()));
    }
    if (!files.isEmpty()) {
      metadata.putAnnotationsItem(FILES_DIGEST_ANNOTATION, files.digest());
    }
    service.metrics().ifPresent(metrics -> ServiceMonitors.annotate(metrics, metadata::putAnnotationsItem));
    V1PodSpec spec =
        new V1PodSpec()
            // Applications deployed by Slipway do not talk to the API server; no token, nothing to steal.
            .automountServiceAccountToken(false)
            // Kubernetes would otherwise add DB_PORT=tcp://... and the like for every Service in the
            // namespace, which Compose does not and which clashes with an app's own DB_PORT.
            .enableServiceLinks(false)
            .securityContext(podSecurity(service))
            .initContainers(waits(service, image, dependencies))
            .containers(List.of(container(service, image, files)));
    if (!service.secrets().isEmpty()) {
      spec.addVolumesItem(secretsVolume(service));
    }
    if (!files.isEmpty()) {
      spec.addVolumesItem(new V1Volume().name(FILES_VOLUME).configMap(new V1ConfigMapVolumeSource().name(ObjectNames.files(service))));
    }
    return new V1PodTemplateSpec().metadata(metadata).spec(spec);
  }

  private static V1Container container(Service service, String image, ProjectFiles files) {
    // Kubernetes names Docker's ENTRYPOINT `command` and its CMD `args`. Neither set: a Python
    // image's entrypoint is its start command, and other images run their own.
    V1Container container = new V1Container().name(service.name()).image(image);
    service.entrypoint().ifPresent(container::command);
    service.command().ifPresent(container::args);
    for (Port port : service.ports()) {
      container.addPortsItem(new V1ContainerPort().name(portName(port)).containerPort(port.container()).protocol("TCP"));
    }
    if (!service.env().isEmpty()) {
      container.addEnvFromItem(new V1EnvFromSource().configMapRef(new V1ConfigMapEnvSource().name(ObjectNames.configMap(service))));
    }
    for (SecretRef secret : service.secrets()) {
      container.addEnvItem(new V1EnvVar().name(secret.fileVariable()).value(secret.mountPath()));
    }
    service.resources().map(PodTemplates::resources).ifPresent(container::resources);
    service.health().ifPresent(health -> {
      container.startupProbe(Probes.startup(service, health));
      container.readinessProbe(Probes.readiness(service, health));
      container.livenessProbe(Probes.liveness(service, health));
    });
    if (!service.secrets().isEmpty()) {
      container.addVolumeMountsItem(new V1VolumeMount().name(SECRETS_VOLUME).mountPath(SecretRef.MOUNT_DIR).readOnly(true));
    }
    for (Volume volume : service.volumes()) {
      container.addVolumeMountsItem(new V1VolumeMount().name(volume.name()).mountPath(volume.path()));
    }
    // One file each, not the ConfigMap as a directory, which would hide what the image has there.
    for (ProjectFiles.Entry file : files.entries()) {
      container.addVolumeMountsItem(new V1VolumeMount().name(FILES_VOLUME).mountPath(file.target()).subPath(file.key()).readOnly(true));
    }
    service.stopSignal().flatMap(StopSignals::preStop).ifPresent(container::lifecycle);
    return container.securityContext(containerSecurity(service));
  }

  /** The port's own name, or {@link KubernetesRenderer#unnamedPortName}. */
  static String portName(Port port) {
    return port.name().orElseGet(() -> KubernetesRenderer.unnamedPortName(port.container()));
  }

  /**
   * One init container per dependency that has a port, waiting until a TCP connect to its Service
   * succeeds. A Service routes only to ready pods, and readiness is the dependency's health check,
   * so this waits for "healthy", not merely "started". It needs Python, which only images built
   * from Python source are known to have; image and Dockerfile services get the {@code
   * dev.slipway/depends-on} annotation alone.
   */
  private static List<V1Container> waits(Service service, String image, List<Service> dependencies) {
    List<V1Container> waits = new ArrayList<>();
    if (service.python().isEmpty()) {
      return waits;
    }
    for (Service dependency : dependencies) {
      dependency.primaryPort().ifPresent(port ->
          waits.add(
              new V1Container()
                  .name("wait-for-" + dependency.name())
                  .image(image)
                  .command(List.of("python3", "-c", waitScript(dependency.name(), port.container())))
                  .securityContext(containerSecurity(service))));
    }
    return waits;
  }

  static String waitScript(String host, int port) {
    String target = host + ":" + port;
    return String.join(
        "\n",
        "import socket, time",
        "while True:",
        "    try:",
        "        socket.create_connection(('" + host + "', " + port + "), timeout=" + WAIT_CONNECT_TIMEOUT_SECONDS + ").close()",
        "        break",
        "    except OSError as error:",
        "        print('waiting for " + target + ":', error, flush=True)",
        "        time.sleep(" + WAIT_RETRY_SECONDS + ")",
        "");
  }

  private static V1ResourceRequirements resources(Resources resources) {
    V1ResourceRequirements requirements = new V1ResourceRequirements();
    // Requests equal to limits: the scheduler reserves what the script allows, and the pod gets the
    // Guaranteed class when both are set.
    resources.cpu().ifPresent(cpu -> requirements.putRequestsItem("cpu", new Quantity(cpu)).putLimitsItem("cpu", new Quantity(cpu)));
    resources.memory().ifPresent(memory ->
        requirements.putRequestsItem("memory", new Quantity(memory)).putLimitsItem("memory", new Quantity(memory)));
    return requirements;
  }

  private static V1PodSecurityContext podSecurity(Service service) {
    // RuntimeDefault is the profile Docker applies anyway, so nothing that runs under Compose breaks.
    V1PodSecurityContext security = new V1PodSecurityContext().seccompProfile(new V1SeccompProfile().type("RuntimeDefault"));
    if (service.python().isPresent()) {
      // Volumes are mounted root-owned; the group makes them writable for the app's user.
      security.fsGroup(APP_USER);
      lowestPort(service)
          .filter(port -> port < 1024)
          .ifPresent(port -> security.addSysctlsItem(new V1Sysctl().name("net.ipv4.ip_unprivileged_port_start").value(Integer.toString(port))));
    }
    return security;
  }

  /**
   * Images built from Python source run as an unprivileged user, whom Slipway put there.
   * Ready-made images (postgres, redis) often start as root to fix file ownership and then drop to
   * their own user, and a Dockerfile picks its own user, so they keep it and lose only the ability
   * to regain privileges.
   */
  private static V1SecurityContext containerSecurity(Service service) {
    V1SecurityContext security = new V1SecurityContext().allowPrivilegeEscalation(false);
    if (service.python().isPresent()) {
      security.runAsNonRoot(true).runAsUser(APP_USER).runAsGroup(APP_USER).capabilities(new V1Capabilities().addDropItem("ALL"));
    }
    return security;
  }

  private static Optional<Integer> lowestPort(Service service) {
    return service.ports().stream().map(Port::container).min(Integer::compare);
  }

  private static V1Volume secretsVolume(Service service) {
    V1SecretVolumeSource source = new V1SecretVolumeSource().secretName(ObjectNames.secret(service));
    for (SecretRef secret : service.secrets()) {
      source.addItemsItem(new V1KeyToPath().key(secret.name()).path(secret.name()));
    }
    return new V1Volume().name(SECRETS_VOLUME).secret(source);
  }

  /** Sorted, so that the digest depends on the values and not on the order the script wrote them in. */
  static String envDigest(Map<String, String> env) {
    Sha256 sha256 = new Sha256();
    new TreeMap<>(env).forEach((key, value) -> sha256.part(key).part(value));
    return sha256.hex();
  }
}
