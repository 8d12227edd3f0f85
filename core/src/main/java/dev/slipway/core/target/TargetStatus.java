package dev.slipway.core.target;

import java.util.List;

/**
 * What runs on a target now, per service.
 *
 * @param about how the target was reached, one line each, for a person checking that Slipway
 *     talks to what they think (the container engine and its socket, the Compose CLI, the cluster)
 */
public record TargetStatus(List<ServiceStatus> services, List<String> about) {
  public TargetStatus {
    services = List.copyOf(services);
    about = List.copyOf(about);
  }

  public TargetStatus(List<ServiceStatus> services) {
    this(services, List.of());
  }

  /**
   * @param image the image reference the service runs, by digest where the target knows it
   * @param healthy whether every instance passes its health check
   * @param restarts how often its instances have been restarted, summed
   * @param published where it is reachable from outside, e.g. {@code 127.0.0.1:8000->8000/tcp}
   * @param details what else the target knows that helps judge the service, one line each (a
   *     rollout's last condition, an autoscaler's range)
   */
  public record ServiceStatus(
      String name, String image, int running, int desired, boolean healthy, int restarts, List<String> published, List<String> details) {
    public ServiceStatus {
      published = List.copyOf(published);
      details = List.copyOf(details);
    }

    public ServiceStatus(String name, String image, int running, int desired, boolean healthy, int restarts, List<String> published) {
      this(name, image, running, desired, healthy, restarts, published, List.of());
    }
  }
}
