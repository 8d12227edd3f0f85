package dev.slipway.k8s.state;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The names and labels of the objects that hold one environment's state. Names are {@code
 * slipway-<project>-<env>-<what>}: project and environment names are DNS labels (validation
 * makes sure), so the name is a valid DNS subdomain, which Secret and Lease names must be, and
 * two projects sharing a namespace do not share objects. The labels, not the names, are what
 * queries select by.
 */
final class StateObjects {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String PROJECT = "slipway.dev/project";
  static final String ENVIRONMENT = "slipway.dev/environment";
  static final String RELEASE = "slipway.dev/release";

  private final String namespace;
  private final String project;
  private final String environment;

  StateObjects(String namespace, String project, String environment) {
    this.namespace = namespace;
    this.project = project;
    this.environment = environment;
  }

  String namespace() {
    return namespace;
  }

  String name(String what) {
    return "slipway-" + project + "-" + environment + "-" + what;
  }

  Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, "slipway");
    labels.put(PROJECT, project);
    labels.put(ENVIRONMENT, environment);
    return labels;
  }

  /** Selects this environment's objects, and only objects Slipway made. */
  String selector() {
    return labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  V1ObjectMeta metadata(String name) {
    return new V1ObjectMeta().name(name).namespace(namespace).labels(labels());
  }

  /** {@code secret/slipway-shop-dev-release-3 in namespace shop-dev}: where a person finds it with kubectl. */
  String where(String kind, String name) {
    return kind + "/" + name + " in namespace " + namespace;
  }

  /**
   * Creates the namespace if it is missing: the state is written before the first object is
   * applied (the lock, then the release), so it cannot wait for the rendered Namespace. Created
   * bare, so that applying the rendered one later owns every label and annotation.
   */
  void ensureNamespace(CoreV1Api core) {
    try {
      core.readNamespace(namespace).execute();
      return;
    } catch (ApiException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw ApiFailures.of(core.getApiClient(), "read namespace " + namespace, e);
      }
    }
    try {
      core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace))).execute();
    } catch (ApiException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw ApiFailures.of(core.getApiClient(), "create namespace " + namespace, e);
      }
    }
  }
}
