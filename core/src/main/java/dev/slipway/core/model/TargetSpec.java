package dev.slipway.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which target an environment deploys to, e.g. {@code compose()} or {@code kubernetes(namespace:
 * 'shop')}. The settings are the target's own; its adapter validates and interprets them, so
 * that a new target needs no change here.
 */
public record TargetSpec(String type, Map<String, String> settings, SourceLocation location) {
  public TargetSpec {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** {@code kubernetes(context=prod, namespace=shop)}. */
  public String describe() {
    if (settings.isEmpty()) {
      return type;
    }
    StringBuilder text = new StringBuilder(type).append('(');
    settings.forEach((k, v) -> text.append(text.charAt(text.length() - 1) == '(' ? "" : ", ").append(k).append('=').append(v));
    return text.append(')').toString();
  }
}
