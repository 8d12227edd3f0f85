package dev.slipway.k8s.live;

import dev.slipway.core.target.TargetFailure;
import dev.slipway.k8s.KubernetesSettings;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client for the cluster an environment deploys to, found as kubectl finds it: the script's
 * {@code kubeconfig}, else {@code KUBECONFIG} (its first file), else {@code ~/.kube/config}; the
 * script's {@code context}, else the kubeconfig's current one. Inside a pod without any
 * kubeconfig, the pod's service account. TLS is verified unless the kubeconfig itself says
 * {@code insecure-skip-tls-verify}.
 *
 * @param server the API server's URL, for messages
 * @param source where the connection came from, for messages: a kubeconfig file and context, or
 *     {@code in-cluster}
 */
public record KubeConnection(ApiClient client, String server, String source) {

  /** Long enough for a slow list of a busy namespace; short enough that a dead server shows. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Connections already made in this process, by where they came from: every service's apply,
   * status and lock renewal then shares one HTTP client and its open connections instead of a
   * TLS handshake each. A kubeconfig that changes on disk (a renewed token) makes a new one.
   */
  private static final Map<List<Object>, KubeConnection> OPEN = new ConcurrentHashMap<>();

  public static KubeConnection open(KubernetesSettings settings, Map<String, String> environment) {
    Optional<Path> kubeconfig = kubeconfigFile(settings, environment);
    List<Object> key = List.of(settings, kubeconfig.map(Path::toAbsolutePath).map(Object::toString).orElse("in-cluster"),
        kubeconfig.map(KubeConnection::modified).orElse(0L), environment.containsKey("KUBERNETES_SERVICE_HOST"));
    KubeConnection open = OPEN.get(key);
    if (open == null) {
      open = connect(settings, environment, kubeconfig);
      OPEN.put(key, open);
    }
    return open;
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  private static KubeConnection connect(KubernetesSettings settings, Map<String, String> environment, Optional<Path> kubeconfig) {
    if (kubeconfig.isEmpty()) {
      if (environment.containsKey("KUBERNETES_SERVICE_HOST")) {
        return inCluster();
      }
      throw new TargetFailure(
          "no kubeconfig found (looked at " + settings.kubeconfig().map(f -> "kubernetes(kubeconfig: '" + f + "'), ").orElse("")
              + "$KUBECONFIG and ~/.kube/config): point KUBECONFIG at the cluster's kubeconfig",
          true);
    }
    Path file = kubeconfig.get();
    KubeConfig config;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      config = KubeConfig.loadKubeConfig(reader);
    } catch (IOException | RuntimeException e) {
      throw new TargetFailure("cannot read kubeconfig " + file + ": " + e.getMessage(), true);
    }
    // Relative certificate paths in a kubeconfig are relative to the kubeconfig's own directory.
    config.setFile(file.toAbsolutePath().toFile());
    Optional<String> context = settings.context();
    if (context.isPresent() && !config.setContext(context.get())) {
      throw new TargetFailure(
          "kubeconfig " + file + " has no context '" + context.get() + "'; it has: " + contextNames(config), false);
    }
    if (config.getServer() == null) {
      throw new TargetFailure(
          "kubeconfig " + file + (config.getCurrentContext() == null ? " names no current context: pick one with kubernetes(context: ...) or --context"
              : ": context '" + config.getCurrentContext() + "' names no cluster server"), false);
    }
    try {
      ApiClient client = ClientBuilder.kubeconfig(config).setReadTimeout(READ_TIMEOUT).build();
      return new KubeConnection(client, config.getServer(), file + " (context " + config.getCurrentContext() + ")");
    } catch (IOException | RuntimeException e) {
      throw new TargetFailure("cannot use kubeconfig " + file + " (context " + config.getCurrentContext() + "): " + e.getMessage(), true);
    }
  }

  private static KubeConnection inCluster() {
    try {
      ApiClient client = ClientBuilder.cluster().setReadTimeout(READ_TIMEOUT).build();
      return new KubeConnection(client, client.getBasePath(), "in-cluster service account");
    } catch (IOException | RuntimeException e) {
      throw new TargetFailure("cannot use this pod's service account to reach the cluster: " + e.getMessage(), true);
    }
  }

  static Optional<Path> kubeconfigFile(KubernetesSettings settings, Map<String, String> environment) {
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    if (settings.kubeconfig().isPresent()) {
      // Named in the script: a missing file is a mistake to report, not a reason to look elsewhere.
      return Optional.of(expandHome(settings.kubeconfig().get(), home));
    }
    String variable = environment.get("KUBECONFIG");
    if (variable != null && !variable.isBlank()) {
      return List.of(variable.split(File.pathSeparator)).stream()
          .filter(entry -> !entry.isBlank())
          .map(entry -> expandHome(entry, home))
          .filter(Files::isRegularFile)
          .findFirst();
    }
    Path standard = Path.of(Objects.requireNonNullElse(home, "/"), ".kube", "config");
    return Files.isRegularFile(standard) ? Optional.of(standard) : Optional.empty();
  }

  private static Path expandHome(String path, String home) {
    return path.equals("~") || path.startsWith("~/") ? Path.of(home + path.substring(1)) : Path.of(path);
  }

  private static String contextNames(KubeConfig config) {
    return config.getContexts().stream()
        .map(context -> context instanceof Map<?, ?> map ? String.valueOf(map.get("name")) : String.valueOf(context))
        .reduce((a, b) -> a + ", " + b)
        .orElse("none");
  }
}
