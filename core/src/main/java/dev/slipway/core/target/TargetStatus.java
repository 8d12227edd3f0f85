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
   */
  public record ServiceStatus(String name, String image, int running, int desired, boolean healthy) {}
}
