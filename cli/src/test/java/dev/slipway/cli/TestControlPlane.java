package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Kubernetes control plane the {@code Kubernetes*IT} classes deploy to
 * (scripts/k8s-control-plane): its kubeconfig ({@code SLIPWAY_K8S_KUBECONFIG}), audit log ({@code
 * SLIPWAY_K8S_AUDIT_LOG}) and kubectl ({@code SLIPWAY_K8S_BIN}). Without the kubeconfig the tests
 * are skipped, unless {@code SLIPWAY_REQUIRE_K8S=1} (CI), where that is a failure.
 */
record TestControlPlane(Path kubeconfig, Path auditLog, Path kubectl) {

  private static final ObjectMapper JSON = new ObjectMapper();

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

  /**
   * The write requests (verb and URI) sent by anyone but the cluster's own components for {@code
   * namespace} since {@code since}, in order, leaving out Slipway's own bookkeeping: the deploy
   * Lease and the release records.
   */
  List<String> objectWrites(String namespace, Instant since) throws IOException {
    List<String> writes = new ArrayList<>();
    for (String line : Files.readAllLines(auditLog, StandardCharsets.UTF_8)) {
      JsonNode event = JSON.readTree(line);
      String user = event.path("user").path("username").asText();
      if (user.startsWith("system:") || Instant.parse(event.path("requestReceivedTimestamp").asText()).isBefore(since)) {
        continue;
      }
      String resource = event.path("objectRef").path("resource").asText();
      String name = event.path("objectRef").path("name").asText();
      boolean inNamespace = namespace.equals(event.path("objectRef").path("namespace").asText())
          || resource.equals("namespaces") && namespace.equals(name);
      if (!inNamespace || resource.equals("leases") || resource.equals("secrets") && name.contains("-release-")) {
        continue;
      }
      writes.add(event.path("verb").asText() + " " + event.path("requestURI").asText().replaceFirst("\\?.*", ""));
    }
    return writes;
  }

  /** Where the first write that mentions {@code part} is, or -1. */
  static int indexOf(List<String> writes, String part) {
    for (int i = 0; i < writes.size(); i++) {
      if (writes.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code slipway} in this JVM with {@code KUBECONFIG} at the plane, the process's environment
   * and {@code overrides}; what it prints goes to {@code out}, which a test may read while it runs.
   */
  Run slipway(Map<String, String> overrides, StringWriter out, List<String> args) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("KUBECONFIG", kubeconfig.toString());
    environment.putAll(overrides);
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), environment))
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  record Run(int exit, String out, String err) {
    String all() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
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
