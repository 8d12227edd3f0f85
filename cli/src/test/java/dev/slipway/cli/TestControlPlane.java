package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Kubernetes control plane the {@code Kubernetes*IT} classes deploy to
 * (scripts/k8s-control-plane): its kubeconfig ({@code SLIPWAY_K8S_KUBECONFIG}), audit log ({@code
 * SLIPWAY_K8S_AUDIT_LOG}) and kubectl ({@code SLIPWAY_K8S_BIN}). Without the kubeconfig the tests
 * are skipped, unless {@code SLIPWAY_REQUIRE_K8S=1} (CI), where that is a failure.
 */
record TestControlPlane(Path kubeconfig, Path auditLog, Path kubectl) {

  static TestControlPlane require() {
    String config = System.getenv("SLIPWAY_K8S_KUBECONFIG");
    if (config == null || config.isBlank()) {
      if ("1".equals(System.getenv("SLIPWAY_REQUIRE_K8S"))) {
        fail("SLIPWAY_REQUIRE_K8S=1 but SLIPWAY_K8S_KUBECONFIG is not set: start scripts/k8s-control-plane/run and export it");
      }
      assumeTrue(false, "SLIPWAY_K8S_KUBECONFIG is not set: these tests need scripts/k8s-control-plane (see its README)");
    }
    Path kubeconfig = Path.of(config);
    Path auditLog = Path.of(System.getenv().getOrDefault("SLIPWAY_K8S_AUDIT_LOG", kubeconfig.getParent().resolve("logs/audit.log").toString()));
    Path kubectl = Path.of(System.getenv().getOrDefault("SLIPWAY_K8S_BIN", "/var/tmp/slipway/k8s/1.34.4-0.7.0/bin"), "kubectl");
    assertTrue(Files.isRegularFile(kubeconfig), "no kubeconfig at " + kubeconfig);
    assertTrue(Files.isRegularFile(auditLog), "no audit log at " + auditLog + ": set SLIPWAY_K8S_AUDIT_LOG");
    assertTrue(Files.isExecutable(kubectl), "no kubectl at " + kubectl + ": set SLIPWAY_K8S_BIN");
    return new TestControlPlane(kubeconfig, auditLog, kubectl);
  }

  /** kubectl's output; a failure other than of {@code get} fails the test. */
  String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 && !args[0].equals("get")) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }
}
