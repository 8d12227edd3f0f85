package dev.slipway.core.release;

import dev.slipway.core.process.ProcessId;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One deploy of an environment, a rollback, or its removal.
 *
 * @param images the image each service ran, by digest for built services
 * @param outcome {@link #IN_PROGRESS}, {@link #SUCCEEDED}, {@link #FAILED}, {@link #INTERRUPTED}
 *     or {@link #DESTROYED}
 * @param owner the process that made it: while it is in progress, the one to ask whether it still runs
 * @param services the services it changed ({@code deploy --env E api}, {@code scale}); empty when
 *     it changed the whole environment. Its images and rendering still describe every service: the
 *     others as the release before it had them
 * @param scaled the services that run a count set by {@code slipway scale} rather than the
 *     script's {@code replicas}, with that count: carried from release to release until a deploy
 *     of the service applies the script's again
 * @param scale whether {@code slipway scale} made it
 */
public record Release(
    int number,
    Instant time,
    Optional<String> revision,
    Map<String, String> images,
    String outcome,
    String detail,
    Optional<ProcessId> owner,
    Set<String> services,
    Map<String, Integer> scaled,
    boolean scale) {

  public static final String IN_PROGRESS = "in-progress";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  /** Its deploy stopped (killed, Ctrl-C, a crash) before it could record how it ended. */
  public static final String INTERRUPTED = "interrupted";
  /** {@code slipway destroy} removed what ran: nothing of an earlier release runs any more. */
  public static final String DESTROYED = "destroyed";

  public Release {
    images = Map.copyOf(images);
    services = Collections.unmodifiableSet(new TreeSet<>(services));
    scaled = Collections.unmodifiableMap(new TreeMap<>(scaled));
  }

  /** A release of the whole environment, as every release was before single services could be deployed. */
  public Release(int number, Instant time, Optional<String> revision, Map<String, String> images, String outcome, String detail, Optional<ProcessId> owner) {
    this(number, time, revision, images, outcome, detail, owner, Set.of(), Map.of(), false);
  }

  public Release finished(String newOutcome, String newDetail) {
    return new Release(number, time, revision, images, newOutcome, newDetail, owner, services, scaled, scale);
  }

  /** This release as one that changed {@code change}'s services. */
  public Release changing(Change change) {
    return new Release(number, time, revision, images, outcome, detail, owner, change.services(), change.scaled(), change.scale());
  }

  /** Whether it changed the whole environment rather than some of its services. */
  public boolean wholeEnvironment() {
    return services.isEmpty();
  }

  /** Whether it changed {@code service}: it named it, or it changed the whole environment. */
  public boolean changed(String service) {
    return services.isEmpty() || services.contains(service);
  }

  /**
   * What a release changes besides its images and files: see {@link Release#services}, {@link
   * Release#scaled} and {@link Release#scale}.
   */
  public record Change(Set<String> services, Map<String, Integer> scaled, boolean scale) {
    public static final Change WHOLE_ENVIRONMENT = new Change(Set.of(), Map.of(), false);

    public Change {
      services = Set.copyOf(services);
      scaled = Map.copyOf(scaled);
    }
  }
}
