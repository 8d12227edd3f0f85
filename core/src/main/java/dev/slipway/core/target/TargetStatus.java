package dev.slipway.core.target;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
   * @param monitoring what it uses, how long it has run, its last health check and its metrics
   */
  public record ServiceStatus(
      String name,
      String image,
      int running,
      int desired,
      boolean healthy,
      int restarts,
      List<String> published,
      List<String> details,
      Monitoring monitoring) {
    public ServiceStatus {
      published = List.copyOf(published);
      details = List.copyOf(details);
    }

    public ServiceStatus(
        String name, String image, int running, int desired, boolean healthy, int restarts, List<String> published, List<String> details) {
      this(name, image, running, desired, healthy, restarts, published, details, Monitoring.UNKNOWN);
    }

    public ServiceStatus(String name, String image, int running, int desired, boolean healthy, int restarts, List<String> published) {
      this(name, image, running, desired, healthy, restarts, published, List.of());
    }
  }

  /**
   * How a service's running instances fare, as far as the target can tell.
   *
   * @param usage CPU and memory in use, or why the target cannot say ({@link Usage#missing})
   * @param oldestStart when its longest-running instance started: its uptime
   * @param newestStart when its most recently (re)started instance started
   * @param lastHealth the newest health check result the target knows
   * @param metrics where a scraper reads its metrics, as the target makes it reachable
   */
  public record Monitoring(
      Usage usage, Optional<Instant> oldestStart, Optional<Instant> newestStart, Optional<HealthResult> lastHealth, Optional<String> metrics) {

    /** A target that reports none of it. */
    public static final Monitoring UNKNOWN = new Monitoring(Usage.missing("the target does not report it"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * CPU and memory of a service's running instances, summed over them, with their limits summed
   * the same way so that use and limit compare. CPU is in cores (1.0 = one core busy).
   *
   * @param cpuLimitCores empty when some instance has no CPU limit
   * @param memoryLimitBytes empty when some instance has no memory limit
   * @param missing why use is unknown (no metrics server, no running instance); empty when known
   */
  public record Usage(
      Optional<Double> cpuCores, Optional<Double> cpuLimitCores, Optional<Long> memoryBytes, Optional<Long> memoryLimitBytes, Optional<String> missing) {

    public static Usage of(double cpuCores, Optional<Double> cpuLimitCores, long memoryBytes, Optional<Long> memoryLimitBytes) {
      return new Usage(Optional.of(cpuCores), cpuLimitCores, Optional.of(memoryBytes), memoryLimitBytes, Optional.empty());
    }

    /** Use unknown, for {@code why}; limits known all the same. */
    public static Usage missing(String why, Optional<Double> cpuLimitCores, Optional<Long> memoryLimitBytes) {
      return new Usage(Optional.empty(), cpuLimitCores, Optional.empty(), memoryLimitBytes, Optional.of(why));
    }

    public static Usage missing(String why) {
      return missing(why, Optional.empty(), Optional.empty());
    }
  }

  /**
   * One health check's result.
   *
   * @param output the first line of what the check printed (or the reason it failed), without secrets
   *     as far as the check itself keeps them out
   */
  public record HealthResult(Instant time, boolean ok, String output) {}
}
