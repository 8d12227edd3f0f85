package dev.slipway.compose.render;

import dev.slipway.core.target.TargetFailure;
import dev.slipway.core.yaml.BlockYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Edits of a rendered {@value ComposeRenderer#FILE_NAME} that a release makes without rendering
 * the script again: one service's part replaced by a fresh render's ({@link #spliced}), a
 * service's copy count changed ({@link #scaled}). A service's part is its {@code services} entry
 * and the entries of the helpers the renderer made for it (its {@link FrontProxy}, labelled
 * {@code dev.slipway.front-proxy-of}).
 */
public final class ComposeFileEdits {

  private static final String PROXY_OF = "dev.slipway.front-proxy-of";

  private ComposeFileEdits() {}

  /**
   * {@code fresh}'s parts of {@code services}, every other service's part as {@code recorded} has
   * it, and the top-level networks, volumes, secrets and configs of both ({@code fresh}'s where
   * both define one).
   *
   * @param recorded the current release's file; empty when the environment has none
   */
  public static String spliced(Optional<String> recorded, String fresh, Set<String> services) {
    Map<String, Object> old = recorded.map(ComposeFileEdits::load).orElseGet(LinkedHashMap::new);
    Map<String, Object> now = load(fresh);
    Map<String, Object> oldServices = section(old, "services");
    Map<String, Object> newServices = section(now, "services");
    Map<String, Object> merged = new LinkedHashMap<>();
    // Today's order first, so a new service lands where the script puts it; then what only the release still runs.
    for (Map.Entry<String, Object> entry : newServices.entrySet()) {
      boolean selected = services.contains(owner(entry.getKey(), entry.getValue()));
      if (selected) {
        merged.put(entry.getKey(), entry.getValue());
      } else if (oldServices.containsKey(entry.getKey())) {
        merged.put(entry.getKey(), oldServices.get(entry.getKey()));
      }
    }
    for (Map.Entry<String, Object> entry : oldServices.entrySet()) {
      if (!merged.containsKey(entry.getKey()) && !services.contains(owner(entry.getKey(), entry.getValue()))) {
        merged.put(entry.getKey(), entry.getValue());
      }
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("name", now.getOrDefault("name", old.get("name")));
    document.put("services", merged);
    for (String shared : List.of("networks", "volumes", "secrets", "configs")) {
      Map<String, Object> both = new java.util.TreeMap<>(section(old, shared));
      both.putAll(section(now, shared));
      if (!both.isEmpty()) {
        document.put(shared, both);
      }
    }
    return dump(document);
  }

  /**
   * {@code recorded} with {@code deploy.replicas} of each service set as the renderer writes it
   * (left out for one copy), so that applying it takes the same path as a deploy of that count.
   *
   * @throws TargetFailure when the file does not run a service, or several copies of it cannot
   *     share the host ports it publishes (no front proxy holds them)
   */
  public static String scaled(String recorded, Map<String, Integer> replicas) {
    Map<String, Object> document = load(recorded);
    Map<String, Object> services = section(document, "services");
    for (Map.Entry<String, Integer> scale : replicas.entrySet()) {
      String name = scale.getKey();
      if (!(services.get(name) instanceof Map<?, ?> found)) {
        throw new TargetFailure("the current release does not run service '" + name + "': deploy it first", false);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> service = (Map<String, Object>) found;
      if (scale.getValue() > 1 && publishesFixedHostPorts(service) && !hasProxy(services, name)) {
        throw new TargetFailure("service '" + name + "' publishes host port " + fixedHostPorts(service) + " itself, which " + scale.getValue()
            + " copies cannot share: give it a front proxy to hold the port (`rolling true` in its service block, for a Python service) and"
            + " deploy it, then scale", false);
      }
      Map<String, Object> deploy = new LinkedHashMap<>(section(service, "deploy"));
      Map<String, Object> rebuilt = new LinkedHashMap<>();
      if (scale.getValue() != 1) {
        rebuilt.put("replicas", scale.getValue());
      }
      deploy.forEach((key, value) -> {
        if (!key.equals("replicas")) {
          rebuilt.put(key, value);
        }
      });
      if (rebuilt.isEmpty()) {
        service.remove("deploy");
      } else {
        service.put("deploy", rebuilt);
      }
    }
    return dump(document);
  }

  /** How many copies of each service the file runs: {@code deploy.replicas}, else one. */
  public static Map<String, Integer> replicas(String content) {
    Map<String, Integer> replicas = new LinkedHashMap<>();
    section(load(content), "services").forEach((name, service) -> {
      Object count = service instanceof Map<?, ?> map && map.get("deploy") instanceof Map<?, ?> deploy ? deploy.get("replicas") : null;
      replicas.put(name, count instanceof Number number ? number.intValue() : 1);
    });
    return replicas;
  }

  /** The service a {@code services} entry belongs to: the one it fronts, or itself. */
  private static String owner(String name, Object service) {
    if (service instanceof Map<?, ?> map && map.get("labels") instanceof Map<?, ?> labels && labels.get(PROXY_OF) instanceof String fronted) {
      return fronted;
    }
    return name;
  }

  private static boolean hasProxy(Map<String, Object> services, String name) {
    return services.entrySet().stream().anyMatch(e -> !e.getKey().equals(name) && owner(e.getKey(), e.getValue()).equals(name));
  }

  private static boolean publishesFixedHostPorts(Map<String, Object> service) {
    return !fixedHostPorts(service).isEmpty();
  }

  private static List<String> fixedHostPorts(Map<String, Object> service) {
    List<String> ports = new ArrayList<>();
    if (service.get("ports") instanceof List<?> list) {
      for (Object port : list) {
        if (port instanceof Map<?, ?> map && map.get("published") != null) {
          ports.add(String.valueOf(map.get("published")));
        } else if (port instanceof String text && text.contains(":")) {
          ports.add(text);
        }
      }
    }
    return ports;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> document, String key) {
    Object value = document.get(key);
    if (value instanceof Map<?, ?>) {
      return (Map<String, Object>) value;
    }
    return new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String content) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(content);
    if (!(document instanceof Map<?, ?>)) {
      throw new TargetFailure("the recorded compose file is not a YAML map: it cannot be changed one service at a time; deploy the whole environment", false);
    }
    return new LinkedHashMap<>((Map<String, Object>) document);
  }

  private static String dump(Map<String, Object> document) {
    return ComposeRenderer.HEADER + BlockYaml.dumper().dump(document);
  }
}
