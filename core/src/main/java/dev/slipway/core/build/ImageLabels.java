package dev.slipway.core.build;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The OCI labels every image Slipway builds carries, however it is built. */
public final class ImageLabels {

  /** {@code project/service}: which project's service an image was built for. */
  public static final String TITLE = "org.opencontainers.image.title";

  /** Only Slipway writes it: an image without it was not built by Slipway. */
  public static final String CONTENT_HASH = "dev.slipway.content-hash";

  private ImageLabels() {}

  /** The {@link #TITLE} of the images built for {@code service} of {@code project}. */
  public static String title(String project, String service) {
    return project + "/" + service;
  }

  /**
   * @param title {@code project/service}
   * @param contentHash the plan's hash of the image's inputs, which its tag abbreviates
   */
  static Map<String, String> of(String title, Optional<SourceRevision> revision, String contentHash) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(TITLE, title);
    revision.ifPresent(r -> {
      labels.put("org.opencontainers.image.revision", r.shortSha());
      labels.put("org.opencontainers.image.created", r.commitTime().toString());
      r.sourceUrl().ifPresent(url -> labels.put("org.opencontainers.image.source", url));
    });
    labels.put(CONTENT_HASH, contentHash);
    return labels;
  }
}
