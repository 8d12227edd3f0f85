package dev.slipway.k8s.live;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.Request;
import okhttp3.Response;

/** The log lines of a service's pods, each line prefixed with its pod, as {@code kubectl logs -l} shows them. */
public final class KubernetesLogs {

  private final ClusterApi api;
  private final String namespace;

  KubernetesLogs(ClusterApi api, String namespace) {
    this.api = api;
    this.namespace = namespace;
  }

  /** @param selectors each service's pod labels, in the order to show them */
  public String tail(Map<String, Map<String, String>> selectors, int lines) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Map<String, String>> service : selectors.entrySet()) {
      List<String> pods = pods(service.getValue());
      if (pods.isEmpty()) {
        out.append(service.getKey()).append(" | (no pods)\n");
      }
      for (String pod : pods) {
        Optional<String> text = api.getText("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?tailLines=" + lines);
        if (text.isEmpty()) {
          out.append(pod).append(" | (no logs: the node does not serve them)\n");
          continue;
        }
        text.get().lines().forEach(line -> out.append(pod).append(" | ").append(line).append('\n'));
      }
    }
    return out.toString();
  }

  /** Follows every pod's log until the calling thread is interrupted. */
  public void follow(Map<String, Map<String, String>> selectors, int lines, Consumer<String> sink) {
    List<Thread> readers = new ArrayList<>();
    for (Map<String, String> selector : selectors.values()) {
      for (String pod : pods(selector)) {
        Thread reader = new Thread(() -> stream(pod, lines, sink), "slipway-logs-" + pod);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
      }
    }
    try {
      for (Thread reader : readers) {
        reader.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stream(String pod, int lines, Consumer<String> sink) {
    String url = api.connection().client().getBasePath() + "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?follow=true&tailLines=" + lines;
    try (Response response = api.connection().client().getHttpClient().newBuilder().readTimeout(java.time.Duration.ZERO).build()
        .newCall(new Request.Builder().url(url).get().build()).execute()) {
      if (!response.isSuccessful() || response.body() == null) {
        sink.accept(pod + " | (no logs: HTTP " + response.code() + ")");
        return;
      }
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          sink.accept(pod + " | " + line);
        }
      }
    } catch (IOException e) {
      sink.accept(pod + " | (log stream ended: " + e.getMessage() + ")");
    }
  }

  private List<String> pods(Map<String, String> selector) {
    List<String> names = new ArrayList<>();
    for (JsonObject pod : api.list(ResourceKind.POD, namespace, KubernetesDeployer.labelSelector(selector))) {
      ClusterApi.text(pod, "metadata", "name").ifPresent(names::add);
    }
    return names;
  }
}
