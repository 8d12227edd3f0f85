package dev.slipway.core.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code pip { findLinks 'wheels'; indexUrl '...'; noIndex() }}: where pip looks when the build
 * resolves dependencies. Command-line flags add to these; pip's own {@code PIP_*} environment
 * variables apply as well.
 *
 * @param findLinks wheel directories (relative to the script) or URLs
 */
public record PipSettings(Optional<String> indexUrl, List<String> findLinks, boolean noIndex) {

  public static final PipSettings DEFAULTS = new PipSettings(Optional.empty(), List.of(), false);

  public PipSettings {
    findLinks = List.copyOf(findLinks);
  }
}
