package dev.slipway.core.target;

import java.util.List;

/** What runs on a target now, per service. */
public record TargetStatus(List<ServiceStatus> services) {
  public TargetStatus {
    services = List.copyOf(services);
  }

  /**
   * @param image the image reference the service runs, by digest where the target knows it
   * @param healthy whether every instance passes its health check
   * @param restarts how often its instances have been restarted, summed
   * @param published where it is reachable from outside, e.g. {@code 127.0.0.1:8000->8000/tcp}
   */
  public record ServiceStatus(String name, String image, int running, int desired, boolean healthy, int restarts, List<String> published) {
    public ServiceStatus {
      published = List.copyOf(published);
    }
  }
}
