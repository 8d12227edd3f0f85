package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.io.Sizes;
import dev.slipway.core.release.Release;
import dev.slipway.core.target.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One reading of {@code slipway status}, for people ({@link #text}) and for scripts ({@link
 * #json}). JSON schema (version 1): {@code {schemaVersion, environment, state: deployed|not
 * deployed|destroyed, release: {number, time}|null, newerRelease: {number, outcome, detail}|null,
 * about: [text], healthy, problems: [text], services: [{name, image, running, desired, healthy,
 * restarts, published: [text], cpu: {cores|null, limitCores|null}, memory: {bytes|null,
 * limitBytes|null}, usageUnknown: text|null, startedAt|null, lastStartedAt|null, uptimeSeconds|null,
 * lastHealth: {time, ok, output}|null, metrics: text|null, details: [text]}]}}; times are ISO-8601
 * UTC, CPU in cores (1.0 = one core busy), memory in bytes, both summed over a service's running
 * instances.
 *
 * @param state {@code deployed}, {@code not deployed} or {@code destroyed}
 * @param release the current release, or the one that destroyed the environment
 * @param newer a newer release that did not succeed, described
 * @param problems why the exit code is not 0, one line per service
 */
record StatusReport(
    String environment,
    String state,
    Optional<Release> release,
    Optional<Release> newer,
    List<String> about,
    List<TargetStatus.ServiceStatus> services,
    List<String> problems,
    Instant readAt) {

  static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  StatusReport {
    about = List.copyOf(about);
    services = List.copyOf(services);
    problems = List.copyOf(problems);
  }

  static StatusReport notDeployed(String environment, Instant readAt) {
    return new StatusReport(environment, "not deployed", Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(environment + ": not deployed"), readAt);
  }

  static StatusReport destroyed(String environment, Release destroy, Optional<Release> newer, Instant readAt) {
    return new StatusReport(environment, "destroyed", Optional.of(destroy), newer, List.of(), List.of(), List.of(environment + ": destroyed"), readAt);
  }

  /** What runs, with a problem for each service that does not run as many instances as wanted or is unhealthy. */
  static StatusReport deployed(String environment, Optional<Release> current, Optional<Release> newer, List<String> about,
      List<TargetStatus.ServiceStatus> services, Instant readAt) {
    List<String> problems = new ArrayList<>();
    for (TargetStatus.ServiceStatus service : services) {
      if (service.running() < service.desired()) {
        problems.add(service.name() + " is not running (" + service.running() + "/" + service.desired() + ")");
      } else if (!service.healthy()) {
        problems.add(service.name() + " is not healthy");
      }
    }
    return new StatusReport(environment, "deployed", current, newer, about, services, problems, readAt);
  }

  /** 0 only when the environment is deployed and every service runs and is healthy. */
  int exitCode() {
    return problems.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
  }

  String text() {
    StringBuilder out = new StringBuilder();
    if (state.equals("not deployed")) {
      return environment + ": not deployed\n";
    }
    if (state.equals("destroyed")) {
      Release destroy = release.orElseThrow();
      out.append(environment).append(": destroyed (release ").append(destroy.number()).append(", ").append(destroy.time()).append(")\n");
      newer.ifPresent(n -> out.append("newer release ").append(n.number()).append(": ").append(describe(n)).append('\n'));
      return out.toString();
    }
    // How the target was reached comes first: it says whose status the rest is.
    about.forEach(line -> out.append(line).append('\n'));
    for (TargetStatus.ServiceStatus service : services) {
      TargetStatus.Monitoring monitoring = service.monitoring();
      String published = service.published().isEmpty() ? "-" : String.join(",", service.published());
      out.append(String.format(Locale.ROOT, "%-16s %d/%d %-9s restarts %-3d cpu %-12s mem %-18s up %-8s %-28s %s%n", service.name(),
          service.running(), service.desired(), service.healthy() ? "healthy" : "unhealthy", service.restarts(), cpu(monitoring.usage()),
          memory(monitoring.usage()), monitoring.oldestStart().map(start -> duration(Duration.between(start, readAt))).orElse("-"), published,
          service.image()));
      service.details().forEach(detail -> out.append("  ").append(detail).append('\n'));
      if (service.running() > 0) {
        monitoring.usage().missing().ifPresent(why -> out.append("  usage unknown: ").append(why).append('\n'));
      }
      if (service.running() > 1) {
        monitoring.newestStart().filter(newest -> !monitoring.oldestStart().equals(Optional.of(newest)))
            .ifPresent(newest -> out.append("  newest instance up ").append(duration(Duration.between(newest, readAt))).append('\n'));
      }
      monitoring.lastHealth().ifPresent(health -> out.append("  last health check ").append(health.time()).append(": ")
          .append(health.ok() ? "ok" : "failed").append(health.output().isEmpty() ? "" : " — " + health.output()).append('\n'));
      monitoring.metrics().ifPresent(metrics -> out.append("  metrics: ").append(metrics).append('\n'));
    }
    release.ifPresentOrElse(r -> out.append("current release: ").append(r.number()).append(" (").append(r.time()).append(")\n"),
        () -> out.append("no successful release yet\n"));
    newer.ifPresent(n -> out.append("newer release ").append(n.number()).append(": ").append(describe(n)).append('\n'));
    return out.toString();
  }

  String json() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("environment", environment);
    root.put("state", state);
    root.put("readAt", readAt.toString());
    if (release.isPresent()) {
      ObjectNode node = root.putObject("release");
      node.put("number", release.get().number());
      node.put("time", release.get().time().toString());
    } else {
      root.putNull("release");
    }
    if (newer.isPresent()) {
      ObjectNode node = root.putObject("newerRelease");
      node.put("number", newer.get().number());
      node.put("outcome", newer.get().outcome());
      node.put("detail", newer.get().detail());
    } else {
      root.putNull("newerRelease");
    }
    ArrayNode aboutNode = root.putArray("about");
    about.forEach(aboutNode::add);
    root.put("healthy", problems.isEmpty());
    ArrayNode problemNodes = root.putArray("problems");
    problems.forEach(problemNodes::add);
    ArrayNode serviceNodes = root.putArray("services");
    for (TargetStatus.ServiceStatus service : services) {
      TargetStatus.Monitoring monitoring = service.monitoring();
      ObjectNode node = serviceNodes.addObject();
      node.put("name", service.name());
      node.put("image", service.image());
      node.put("running", service.running());
      node.put("desired", service.desired());
      node.put("healthy", service.healthy());
      node.put("restarts", service.restarts());
      ArrayNode published = node.putArray("published");
      service.published().forEach(published::add);
      ObjectNode cpu = node.putObject("cpu");
      putNumber(cpu, "cores", monitoring.usage().cpuCores());
      putNumber(cpu, "limitCores", monitoring.usage().cpuLimitCores());
      ObjectNode memory = node.putObject("memory");
      putNumber(memory, "bytes", monitoring.usage().memoryBytes());
      putNumber(memory, "limitBytes", monitoring.usage().memoryLimitBytes());
      putText(node, "usageUnknown", monitoring.usage().missing());
      putText(node, "startedAt", monitoring.oldestStart().map(Instant::toString));
      putText(node, "lastStartedAt", monitoring.newestStart().map(Instant::toString));
      putNumber(node, "uptimeSeconds", monitoring.oldestStart().map(start -> Duration.between(start, readAt).toSeconds()));
      if (monitoring.lastHealth().isPresent()) {
        TargetStatus.HealthResult health = monitoring.lastHealth().get();
        ObjectNode healthNode = node.putObject("lastHealth");
        healthNode.put("time", health.time().toString());
        healthNode.put("ok", health.ok());
        healthNode.put("output", health.output());
      } else {
        node.putNull("lastHealth");
      }
      putText(node, "metrics", monitoring.metrics());
      ArrayNode details = node.putArray("details");
      service.details().forEach(details::add);
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  /** The same document on one line: one reading per line when {@code --watch} feeds a script. */
  String jsonLine() {
    try {
      return MAPPER.readTree(json()).toString() + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("what json() wrote parses", e);
    }
  }

  private static void putNumber(ObjectNode node, String key, Optional<? extends Number> value) {
    if (value.isEmpty()) {
      node.putNull(key);
    } else if (value.get() instanceof Double d) {
      node.put(key, d);
    } else {
      node.put(key, value.get().longValue());
    }
  }

  private static void putText(ObjectNode node, String key, Optional<String> value) {
    value.ifPresentOrElse(v -> node.put(key, v), () -> node.putNull(key));
  }

  /** Percent of one core, as {@code docker stats} shows it, over the limit's: {@code 12.5%/50%}. */
  static String cpu(TargetStatus.Usage usage) {
    String used = usage.cpuCores().map(StatusReport::percent).orElse("?");
    return used + usage.cpuLimitCores().map(limit -> "/" + percent(limit)).orElse("");
  }

  static String memory(TargetStatus.Usage usage) {
    return usage.memoryBytes().map(StatusReport::bytes).orElse("?") + "/" + usage.memoryLimitBytes().map(StatusReport::bytes).orElse("-");
  }

  private static String percent(double cores) {
    double percent = cores * 100;
    boolean whole = percent >= 100 || Math.abs(percent - Math.rint(percent)) < 0.05;
    return (whole ? String.format(Locale.ROOT, "%.0f", percent) : String.format(Locale.ROOT, "%.1f", percent)) + "%";
  }

  static String bytes(long bytes) {
    return Sizes.binary(bytes);
  }

  /** {@code 45s}, {@code 3m12s}, {@code 5h4m}, {@code 2d3h}: two units at most, as ps and kubectl show ages. */
  static String duration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + seconds % 60 + "s";
    }
    if (seconds < 86400) {
      return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
    }
    return seconds / 86400 + "d" + seconds % 86400 / 3600 + "h";
  }

  static String describe(Release release) {
    if (Release.IN_PROGRESS.equals(release.outcome())) {
      return "in progress" + release.owner().map(owner -> " (its deploy is " + owner + ")").orElse("");
    }
    return release.outcome() + (release.detail().isEmpty() ? "" : " — " + release.detail());
  }
}
