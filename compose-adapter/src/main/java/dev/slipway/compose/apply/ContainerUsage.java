package dev.slipway.compose.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the engine says of running containers: {@code stats --no-stream} for CPU and memory in use,
 * {@code inspect} for start times and limits. Docker and podman print stats differently (Docker one
 * JSON object a line with binary units, podman a JSON array with decimal units); both are read here.
 */
final class ContainerUsage {

  private static final Pattern SIZE = Pattern.compile("^\\s*([0-9.]+)\\s*([kKMGTP]?i?B)?\\s*$");

  private ContainerUsage() {}

  /** One container's use at the moment stats sampled it. CPU in cores: 1.0 is one core busy. */
  record Sample(double cpuCores, long memoryBytes) {}

  /**
   * A container as inspect shows it.
   *
   * @param startedAt empty for a container that never started
   * @param cpuLimitCores empty without a CPU limit
   * @param memoryLimitBytes empty without a memory limit
   */
  record Inspected(String id, Optional<Instant> startedAt, Optional<Double> cpuLimitCores, Optional<Long> memoryLimitBytes) {}

  /** The {@code stats --format} that both engines answer with JSON. */
  static final String STATS_FORMAT = "{{json .}}";

  /** Samples by container id as stats prints it (short, 12 characters). */
  static Map<String, Sample> parseStats(String output) {
    Map<String, Sample> samples = new LinkedHashMap<>();
    for (JsonNode container : jsonObjects(output)) {
      String id = first(container, "ID", "id");
      String cpu = first(container, "CPUPerc", "cpu_percent");
      String memory = first(container, "MemUsage", "mem_usage");
      Optional<Double> percent = percent(cpu);
      Optional<Long> used = bytes(memory.split("/")[0]);
      if (!id.isEmpty() && percent.isPresent() && used.isPresent()) {
        samples.put(id, new Sample(percent.get() / 100, used.get()));
      }
    }
    return samples;
  }

  /** What {@code inspect ID...} (no format: a JSON array, from either engine) says of each container. */
  static List<Inspected> parseInspect(String output) {
    List<Inspected> out = new ArrayList<>();
    for (JsonNode container : jsonObjects(output)) {
      String id = container.path("Id").asText();
      if (id.isEmpty()) {
        continue;
      }
      JsonNode host = container.path("HostConfig");
      long nanoCpus = host.path("NanoCpus").asLong();
      long quota = host.path("CpuQuota").asLong();
      long period = host.path("CpuPeriod").asLong();
      Optional<Double> cpuLimit = nanoCpus > 0 ? Optional.of(nanoCpus / 1e9)
          : quota > 0 && period > 0 ? Optional.of((double) quota / period) : Optional.empty();
      long memory = host.path("Memory").asLong();
      out.add(new Inspected(id, startedAt(container.path("State").path("StartedAt").asText()), cpuLimit,
          memory > 0 ? Optional.of(memory) : Optional.empty()));
    }
    return out;
  }

  /** {@code 1.469MiB}, {@code 544.8kB}, {@code 0B}: Docker's binary and podman's decimal units. */
  static Optional<Long> bytes(String size) {
    Matcher matcher = SIZE.matcher(size);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    double value = Double.parseDouble(matcher.group(1));
    String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
    boolean binary = unit.contains("I");
    int power = "BKMGTP".indexOf(unit.charAt(0));
    return Optional.of(Math.round(value * Math.pow(binary ? 1024 : 1000, power)));
  }

  private static Optional<Double> percent(String text) {
    String number = text.strip().replace("%", "");
    try {
      return number.isEmpty() || number.equals("--") ? Optional.empty() : Optional.of(Double.parseDouble(number));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A container that never ran has the zero time, {@code 0001-01-01T00:00:00Z}. */
  private static Optional<Instant> startedAt(String text) {
    try {
      Instant started = Instant.parse(text);
      return started.isAfter(Instant.EPOCH) ? Optional.of(started) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String first(JsonNode node, String... keys) {
    for (String key : keys) {
      if (node.hasNonNull(key)) {
        return node.get(key).asText();
      }
    }
    return "";
  }

  /** The objects of a JSON array (podman) or of one JSON object a line (Docker). */
  private static List<JsonNode> jsonObjects(String output) {
    ObjectMapper json = new ObjectMapper();
    // podman pretty-prints its array over many lines; warnings may come before it.
    Matcher array = Pattern.compile("(?m)^\\s*\\[").matcher(output);
    if (array.find()) {
      try {
        List<JsonNode> nodes = new ArrayList<>();
        json.readTree(output.substring(array.start())).forEach(nodes::add);
        return nodes;
      } catch (IOException e) {
        // not one array after all: read it line by line
      }
    }
    return ComposeProject.parseJsonLines(output);
  }
}
