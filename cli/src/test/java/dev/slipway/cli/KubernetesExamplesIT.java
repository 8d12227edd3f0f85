package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.cli.TestControlPlane.Run;
import dev.slipway.core.testing.ContainerTools;
import dev.slipway.core.testing.LocalRegistry;
import dev.slipway.core.testing.PythonFixtures;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples' {@code prod} environments deployed as a user would, to the real control plane
 * (see {@link TestControlPlane}): images built with pip and jib and pushed by digest to a real
 * registry, then applied service by service with server-side apply; {@code status} must then
 * report every service healthy at its digest.
 */
class KubernetesExamplesIT {

  private static TestControlPlane cluster;
  private static LocalRegistry registry;
  private static String base;

  @TempDir Path work;
  private final List<String> namespaces = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster = TestControlPlane.require();
    ContainerTools.require("docker-registry", "skopeo", "podman", "mmdebstrap");
    registry = LocalRegistry.start();
    base = PythonFixtures.baseImageIn(registry);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @AfterEach
  void deleteNamespaces() throws Exception {
    for (String namespace : namespaces) {
      cluster.kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
    }
  }

  @Test
  void flaskPostgres_prod_runsWithItsSecretInTheClusterOnly() throws Exception {
    Path notes = ExampleCopy.of("flask-postgres", work);
    String namespace = namespace();
    Map<String, String> password = Map.of("NOTES_DB_PASSWORD", "s3cret-" + namespace);
    Run deploy = slipway(password, notes, "deploy", "--namespace", namespace, "--set", "registry=" + registry.address() + "/notes", "--skip", "test");
    assertEquals(0, deploy.exit(), deploy.all());

    Run status = slipway(password, notes, "status", "--namespace", namespace);
    assertEquals(0, status.exit(), status.all());
    assertTrue(status.out().matches("(?s).*web +2/2 healthy.*" + registry.address() + "/notes/web@sha256:.*"), status.out());
    assertTrue(status.out().matches("(?s).*db +1/1 healthy.*"), status.out());

    String stored = cluster.kubectl("get", "secret", "db-secrets", "-n", namespace, "-o", "jsonpath={.data.DB_PASSWORD}").trim();
    assertEquals("s3cret-" + namespace, new String(Base64.getDecoder().decode(stored)));
    for (String release : cluster.kubectl("get", "secrets", "-n", namespace, "-l", "slipway.dev/release", "-o", "name").strip().split("\\s+")) {
      String record = cluster.kubectl("get", release, "-n", namespace, "-o", "jsonpath={.data}");
      for (String value : record.replaceAll("[{}\"]", "").split(",")) {
        byte[] bytes = Base64.getDecoder().decode(value.substring(value.indexOf(':') + 1));
        String text = new String(value.startsWith("rendering") ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes() : bytes);
        assertFalse(text.contains("s3cret-"), release + " holds the secret value");
        assertTrue(!value.startsWith("rendering") || text.contains("db-secrets"), "the rendering is recorded: " + text);
      }
    }
  }

  @Test
  void microservices_prod_runsEveryServiceHealthy() throws Exception {
    Path micro = ExampleCopy.of("microservices", work);
    String namespace = namespace();
    Run deploy = slipway(Map.of(), micro, "deploy", "--namespace", namespace, "--set", "registry=" + registry.address() + "/microservices",
        "--skip", "test");
    assertEquals(0, deploy.exit(), deploy.all());
    Run status = slipway(Map.of(), micro, "status", "--namespace", namespace);
    assertEquals(0, status.exit(), status.all());
    for (String service : List.of("api", "worker", "redis")) {
      assertTrue(status.out().matches("(?s).*" + service + " +\\d/\\d healthy.*"), status.out());
    }
  }

  private String namespace() {
    String namespace = "ex-" + UUID.randomUUID().toString().substring(0, 8);
    namespaces.add(namespace);
    return namespace;
  }

  private Run slipway(Map<String, String> overrides, Path example, String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", example.resolve("deploy.groovy").toString(), "--env", "prod", "--set",
        "baseImage=" + base));
    args.addAll(Arrays.asList(extra));
    return cluster.slipway(overrides, new StringWriter(), args);
  }
}
