package dev.slipway.core.yaml;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The one YAML style Slipway renders, for Compose files and Kubernetes manifests alike: block
 * style, two-space indents with list dashes indented under their key, Unix line ends, so that
 * rendered files read like hand-written ones and diff cleanly from release to release.
 */
public final class BlockYaml {

  private BlockYaml() {}

  /** A new dumper each call: snakeyaml's {@link Yaml} must not be shared between threads. */
  public static Yaml dumper() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    // Health check one-liners are long; folding them would still be valid YAML but hard to read.
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    // Equal maps (two `condition: service_healthy`, the same labels on several objects) must be
    // written out, not as &id001 anchors.
    options.setDereferenceAliases(true);
    return new Yaml(options);
  }
}
