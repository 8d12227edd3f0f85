package dev.slipway.core.build;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The OCI labels every image Slipway builds carries, however it is built. */
final class ImageLabels {

  private ImageLabels() {}

  /**
   * @param title {@code project/service}
   * @param contentHash the plan's hash of the image's inputs, which its tag abbreviates
   */
  static Map<String, String> of(String title, Optional<SourceRevision> revision, String contentHash) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", title);
    revision.ifPresent(r -> {
      labels.put("org.opencontainers.image.revision", r.shortSha());
      labels.put("org.opencontainers.image.created", r.commitTime().toString());
      r.sourceUrl().ifPresent(url -> labels.put("org.opencontainers.image.source", url));
    });
    labels.put("dev.slipway.content-hash", contentHash);
    return labels;
  }
}
