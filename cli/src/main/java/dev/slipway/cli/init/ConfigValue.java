package dev.slipway.cli.init;

import java.util.List;

/**
 * A value for the script: literal text, or text with parts that Compose took from the
 * environment when it ran, which become {@code setting('NAME', 'default')} so that {@code --set
 * NAME=...} still replaces them.
 */
record ConfigValue(List<Part> parts) {

  ConfigValue {
    parts = List.copyOf(parts);
  }

  sealed interface Part {}

  record Text(String text) implements Part {}

  /** {@code ${NAME:-fallback}}: the fallback is what Compose used when NAME was not set. */
  record Setting(String name, String fallback) implements Part {}

  static ConfigValue literal(String text) {
    return new ConfigValue(List.of(new Text(text)));
  }

  boolean isLiteral() {
    return parts.stream().allMatch(Text.class::isInstance);
  }

  /** The value when no setting is given: what Compose itself used. */
  String defaultText() {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      out.append(part instanceof Text text ? text.text() : ((Setting) part).fallback());
    }
    return out.toString();
  }
}
