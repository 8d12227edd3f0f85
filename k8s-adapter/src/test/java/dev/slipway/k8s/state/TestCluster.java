package dev.slipway.k8s.state;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real control plane the {@code *IT} classes of this module run against: the kubeconfig in
 * {@code SLIPWAY_K8S_KUBECONFIG}. Without it they are skipped, unless {@code
 * SLIPWAY_REQUIRE_K8S=1} (CI), where a missing or silent cluster fails them. Each test class works
 * in namespaces of its own, deleted by {@link #deleteNamespaces()}.
 */
public final class TestCluster {

  static final String KUBECONFIG = "SLIPWAY_K8S_KUBECONFIG";
  static final String REQUIRE = "SLIPWAY_REQUIRE_K8S";

  private final ApiClient client;
  private final Path kubeconfig;
  private final List<String> namespaces = new ArrayList<>();

  private TestCluster(ApiClient client, Path kubeconfig) {
    this.client = client;
    this.kubeconfig = kubeconfig;
  }

  public static TestCluster connect() {
    String kubeconfig = System.getenv(KUBECONFIG);
    boolean required = "1".equals(System.getenv(REQUIRE));
    if (kubeconfig == null || kubeconfig.isBlank()) {
      if (required) {
        fail(REQUIRE + "=1 but " + KUBECONFIG + " is not set: point it at the test cluster's kubeconfig");
      }
      assumeTrue(false, KUBECONFIG + " is not set: these tests need a Kubernetes API server (scripts/k8s-control-plane starts one)");
    }
    ApiClient client;
    try {
      client = Config.fromConfig(kubeconfig);
      new VersionApi(client).getCode().execute();
    } catch (IOException | ApiException e) {
      // Asked for by the kubeconfig variable: a cluster that does not answer is a failure, never a skip.
      throw new AssertionError("the cluster of " + kubeconfig + " does not answer: " + e.getMessage(), e);
    }
    return new TestCluster(client, Path.of(kubeconfig));
  }

  public ApiClient client() {
    return client;
  }

  /** For code that finds the cluster as a deploy does, through {@code KUBECONFIG}. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A namespace name nobody else uses, not created: the code under test creates what it needs. */
  String newNamespace() {
    return newNamespace("slipway-state-it-");
  }

  /** {@link #newNamespace()}, starting with {@code prefix}. */
  public String newNamespace(String prefix) {
    String namespace = prefix + UUID.randomUUID().toString().substring(0, 8);
    namespaces.add(namespace);
    return namespace;
  }

  public void deleteNamespaces() {
    CoreV1Api core = new CoreV1Api(client);
    for (String namespace : namespaces) {
      try {
        core.deleteNamespace(namespace).execute();
      } catch (ApiException e) {
        // never created by the test, or already gone
      }
    }
  }
}
