package dev.slipway.k8s.render;

import dev.slipway.core.model.Autoscale;
import dev.slipway.core.model.Dependency;
import dev.slipway.core.model.HealthCheck;
import dev.slipway.core.model.Port;
import dev.slipway.core.model.SecretRef;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.Volume;
import dev.slipway.core.secret.SecretValues;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStrategy;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudgetSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1RollingUpdateDeployment;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1StatefulSetUpdateStrategy;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.kubernetes.client.openapi.models.V2CrossVersionObjectReference;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerSpec;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import io.kubernetes.client.openapi.models.V2MetricTarget;
import io.kubernetes.client.openapi.models.V2ResourceMetricSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The objects one service needs, in apply order: ConfigMaps (env, files), Secret, NetworkPolicy,
 * Service(s), the workload, HorizontalPodAutoscaler, PodDisruptionBudget, ServiceMonitor. What the
 * pods read and what guards them exist before the pods start.
 *
 * @param dependencies the services {@code service} depends on, as the environment resolves them
 * @param files the service's project files, read once for its ConfigMap and its pod template
 * @param secretValues present only for {@code render --include-secrets}
 */
record ServiceObjects(
    Service service,
    String image,
    String namespace,
    Labels labels,
    List<Service> dependencies,
    ProjectFiles files,
    Optional<SecretValues> secretValues) {

  /** Lists the dependencies that Kubernetes itself cannot order, for people and for a later apply. */
  static final String DEPENDS_ON_ANNOTATION = "dev.slipway/depends-on";

  ServiceObjects {
    dependencies = List.copyOf(dependencies);
  }

  List<KubernetesObject> objects() {
    List<KubernetesObject> objects = new ArrayList<>();
    if (!service.env().isEmpty()) {
      objects.add(configMap());
    }
    if (!files.isEmpty()) {
      objects.add(filesConfigMap());
    }
    if (!service.secrets().isEmpty()) {
      objects.add(secret());
    }
    if (labels.networksInUse()) {
      objects.add(NetworkPolicies.of(service, labels, metadata(service.name())));
    }
    if (!service.ports().isEmpty()) {
      objects.add(clusterService(service.name(), false));
    }
    boolean stateful = !service.volumes().isEmpty();
    if (stateful) {
      objects.add(clusterService(ObjectNames.headlessService(service), true));
      objects.add(statefulSet());
    } else {
      objects.add(deployment());
    }
    String workloadKind = stateful ? "StatefulSet" : "Deployment";
    service.autoscale().ifPresent(autoscale -> objects.add(autoscaler(autoscale, workloadKind)));
    if (canRunSeveral()) {
      objects.add(disruptionBudget());
    }
    service.metrics().ifPresent(metrics -> objects.add(ServiceMonitors.of(service, metrics, namespace, labels)));
    return objects;
  }

  private V1ConfigMap configMap() {
    return new V1ConfigMap().apiVersion("v1").kind("ConfigMap").metadata(metadata(ObjectNames.configMap(service))).data(service.env());
  }

  /** Text files as {@code data}, others as {@code binaryData}, one key per file, mounted one by one by {@link PodTemplates}. */
  private V1ConfigMap filesConfigMap() {
    V1ConfigMap configMap = new V1ConfigMap().apiVersion("v1").kind("ConfigMap").metadata(metadata(ObjectNames.files(service)));
    for (ProjectFiles.Entry file : files.entries()) {
      file.text().ifPresentOrElse(text -> configMap.putDataItem(file.key(), text), () -> configMap.putBinaryDataItem(file.key(), file.content()));
    }
    return configMap;
  }

  /**
   * Values only when the user asked for them; otherwise a placeholder that says where the value
   * comes from, so the manifest can be applied after the Secret is filled in another way.
   */
  private V1Secret secret() {
    V1Secret secret = new V1Secret().apiVersion("v1").kind("Secret").metadata(metadata(ObjectNames.secret(service))).type("Opaque");
    for (SecretRef ref : service.secrets()) {
      Optional<String> value = secretValues.flatMap(values -> values.valueOf(ref));
      if (value.isPresent()) {
        secret.putDataItem(ref.name(), value.get().getBytes(StandardCharsets.UTF_8));
      } else {
        secret.putStringDataItem(ref.name(), placeholder(ref));
      }
    }
    return secret;
  }

  static String placeholder(SecretRef secret) {
    return "<set from " + secret.describeSource() + ">";
  }

  private V1Service clusterService(String name, boolean headless) {
    V1ServiceSpec spec = new V1ServiceSpec().type("ClusterIP").selector(labels.selector());
    if (headless) {
      spec.clusterIP("None");
    }
    for (Port port : service.ports()) {
      String portName = PodTemplates.portName(port);
      spec.addPortsItem(
          new V1ServicePort().name(portName).port(port.container()).targetPort(new IntOrString(portName)).protocol("TCP"));
    }
    return new V1Service().apiVersion("v1").kind("Service").metadata(metadata(name)).spec(spec);
  }

  private V1Deployment deployment() {
    V1DeploymentSpec spec =
        new V1DeploymentSpec()
            .replicas(fixedReplicas())
            // The same deadline as Compose's health wait: past it, the rollout has failed.
            .progressDeadlineSeconds((int) service.health().map(HealthCheck::deadline).orElse(HealthCheck.DEFAULT_DEADLINE).toSeconds())
            .selector(selector())
            // Start the new pod, wait until it is ready, then stop an old one: never below the
            // wanted count. Compose's `rolling true` asks for this; on Kubernetes it is the only way.
            .strategy(
                new V1DeploymentStrategy()
                    .type("RollingUpdate")
                    .rollingUpdate(new V1RollingUpdateDeployment().maxUnavailable(new IntOrString(0)).maxSurge(new IntOrString(1))))
            .template(podTemplate());
    return new V1Deployment().apiVersion("apps/v1").kind("Deployment").metadata(workloadMetadata()).spec(spec);
  }

  /**
   * A service with volumes keeps its data per pod: each replica gets its own claim, and replaces
   * its pod in place (there is no surge, since a ReadWriteOnce volume cannot be shared).
   */
  private V1StatefulSet statefulSet() {
    V1StatefulSetSpec spec =
        new V1StatefulSetSpec()
            .serviceName(ObjectNames.headlessService(service))
            .replicas(fixedReplicas())
            .selector(selector())
            .updateStrategy(new V1StatefulSetUpdateStrategy().type("RollingUpdate"))
            .template(podTemplate());
    for (Volume volume : service.volumes()) {
      spec.addVolumeClaimTemplatesItem(
          new V1PersistentVolumeClaim()
              .apiVersion("v1")
              .kind("PersistentVolumeClaim")
              .metadata(new V1ObjectMeta().name(volume.name()).labels(labels.all()))
              .spec(
                  new V1PersistentVolumeClaimSpec()
                      .accessModes(List.of("ReadWriteOnce"))
                      .resources(new V1VolumeResourceRequirements().putRequestsItem("storage", new Quantity(volume.size())))));
    }
    return new V1StatefulSet().apiVersion("apps/v1").kind("StatefulSet").metadata(workloadMetadata()).spec(spec);
  }

  /**
   * The replica count, unless an autoscaler owns it: a count in the manifest would reset the
   * autoscaler's choice on every apply.
   */
  private Integer fixedReplicas() {
    return service.autoscale().isPresent() ? null : service.replicas();
  }

  private V2HorizontalPodAutoscaler autoscaler(Autoscale autoscale, String workloadKind) {
    V2MetricSpec cpu =
        new V2MetricSpec()
            .type("Resource")
            .resource(
                new V2ResourceMetricSource()
                    .name("cpu")
                    .target(new V2MetricTarget().type("Utilization").averageUtilization(autoscale.cpuPercent())));
    V2HorizontalPodAutoscalerSpec spec =
        new V2HorizontalPodAutoscalerSpec()
            .scaleTargetRef(new V2CrossVersionObjectReference().apiVersion("apps/v1").kind(workloadKind).name(service.name()))
            .minReplicas(autoscale.min())
            .maxReplicas(autoscale.max())
            .addMetricsItem(cpu);
    return new V2HorizontalPodAutoscaler()
        .apiVersion("autoscaling/v2")
        .kind("HorizontalPodAutoscaler")
        .metadata(metadata(service.name()))
        .spec(spec);
  }

  /** A budget only matters when there is a second pod to keep serving while one is evicted. */
  private boolean canRunSeveral() {
    return service.autoscale().map(autoscale -> autoscale.max() > 1).orElse(service.replicas() > 1);
  }

  private V1PodDisruptionBudget disruptionBudget() {
    return new V1PodDisruptionBudget()
        .apiVersion("policy/v1")
        .kind("PodDisruptionBudget")
        .metadata(metadata(service.name()))
        .spec(new V1PodDisruptionBudgetSpec().maxUnavailable(new IntOrString(1)).selector(selector()));
  }

  private V1PodTemplateSpec podTemplate() {
    return PodTemplates.of(service, image, labels, dependencies, files);
  }

  private V1LabelSelector selector() {
    return new V1LabelSelector().matchLabels(labels.selector());
  }

  private V1ObjectMeta workloadMetadata() {
    V1ObjectMeta metadata = metadata(service.name());
    if (!service.dependsOn().isEmpty()) {
      metadata.putAnnotationsItem(
          DEPENDS_ON_ANNOTATION, service.dependsOn().stream().map(Dependency::service).collect(Collectors.joining(",")));
    }
    return metadata;
  }

  private V1ObjectMeta metadata(String name) {
    return new V1ObjectMeta().name(name).namespace(namespace).labels(labels.all());
  }
}
