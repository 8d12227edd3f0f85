package dev.slipway.core.release;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One deploy of an environment.
 *
 * @param images the image each service ran, by digest for built services
 * @param outcome {@code succeeded}, {@code failed}, {@code rolled-back} or {@code in-progress}
 */
public record Release(int number, Instant time, Optional<String> revision, Map<String, String> images, String outcome, String detail) {

  public static final String IN_PROGRESS = "in-progress";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public Release {
    images = Map.copyOf(images);
  }

  public Release finished(String newOutcome, String newDetail) {
    return new Release(number, time, revision, images, newOutcome, newDetail);
  }
}
