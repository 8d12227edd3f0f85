package dev.slipway.k8s.live;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** What the cluster can tell about a pod in trouble: its warning events and its last log lines, one per line. */
final class PodReport {

  static final int LOG_LINES = 10;

  private PodReport() {}

  /** @param previous the logs of the container's run before its restart, rather than of the current one */
  static List<String> of(ClusterApi api, String namespace, String pod, boolean previous) {
    List<String> details = new ArrayList<>();
    for (JsonObject event : api.list(ResourceKind.EVENT, namespace, "")) {
      if (pod.equals(ClusterApi.text(event, "involvedObject", "name").orElse(""))
          && !"Normal".equals(ClusterApi.text(event, "type").orElse(""))) {
        details.add("  event: " + ClusterApi.text(event, "reason").orElse("") + ": " + ClusterApi.text(event, "message").orElse(""));
      }
    }
    String logPath = "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?tailLines=" + LOG_LINES + (previous ? "&previous=true" : "");
    api.getText(logPath).filter(text -> !text.isBlank()).ifPresent(text -> text.lines().forEach(line -> details.add("  log: " + line)));
    return details;
  }
}
