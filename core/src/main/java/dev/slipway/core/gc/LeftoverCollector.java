package dev.slipway.core.gc;

import dev.slipway.core.build.ImageLabels;
import dev.slipway.core.io.Sizes;
import dev.slipway.core.release.HistoryLimit;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Removes what an environment's {@link HistoryLimit} no longer keeps: first the images only those
 * releases recorded, from the local engine, then the release records. An image is removed only
 * when a release beyond the limit recorded it, it carries Slipway's labels for that very service
 * of the project (so never a third-party image such as {@code postgres:16}, which may serve
 * anything else on the machine), no kept release of this environment or of any other {@code
 * needed} elsewhere records it or runs the same image, and the engine agrees (it refuses an image
 * a container uses: reported, not a failure). A release whose image the engine refused keeps its
 * record, so that a later run tries again.
 */
public final class LeftoverCollector {

  private final String project;
  private final HistoryLimit limit;
  private final Optional<EngineImages> engine;
  private final Set<String> neededElsewhere;

  /**
   * @param engine where this environment's deploys left images; empty when they leave none on
   *     this machine (only records are then removed)
   * @param neededElsewhere image references other environments on this machine recorded, which
   *     stay whatever this environment's history says
   */
  public LeftoverCollector(String project, HistoryLimit limit, Optional<EngineImages> engine, Set<String> neededElsewhere) {
    this.project = project;
    this.limit = limit;
    this.engine = engine;
    this.neededElsewhere = Set.copyOf(neededElsewhere);
  }

  /**
   * An image removed (or, in a dry run, that would be).
   *
   * @param freedBytes the image's size when it left the engine with this removal; 0 when only a
   *     name went
   */
  public record Removed(String reference, String service, long freedBytes) {}

  /** A leftover image that stays, and why. */
  public record Kept(String reference, String why) {}

  /**
   * What a run did.
   *
   * @param forgotten the numbers of the release records deleted (in a dry run, that would be)
   * @param inRegistry the leftover references pinned to a registry digest: gc removes them from
   *     the engine only, never from the registry
   */
  public record Report(List<Removed> removed, List<Kept> kept, List<Integer> forgotten, List<String> inRegistry, boolean dryRun) {
    public Report {
      removed = List.copyOf(removed);
      kept = List.copyOf(kept);
      forgotten = List.copyOf(forgotten);
      inRegistry = List.copyOf(inRegistry);
    }

    public long freedBytes() {
      return removed.stream().mapToLong(Removed::freedBytes).sum();
    }

    /** One line: {@code gc: removed 2 images (380 MB freed) and 2 release records beyond the history limit}. */
    public String summary() {
      if (removed.isEmpty() && forgotten.isEmpty() && kept.isEmpty()) {
        return "gc: nothing beyond the history limit";
      }
      String verb = dryRun ? "would remove " : "removed ";
      return "gc: " + verb + removed.size() + (removed.size() == 1 ? " image" : " images") + " (" + Sizes.human(freedBytes()) + (dryRun ? "" : " freed") + ") and "
          + forgotten.size() + (forgotten.size() == 1 ? " release record" : " release records") + " beyond the history limit"
          + (kept.isEmpty() ? "" : "; kept " + kept.size() + " (" + kept.get(0).why() + (kept.size() > 1 ? ", ..." : "") + ")");
    }
  }

  public Report collect(ReleaseStore store, boolean dryRun) {
    List<Release> all = store.all();
    Leftovers leftovers = Leftovers.of(all, store.current(), limit);
    Set<String> needed = new HashSet<>(leftovers.needed());
    needed.addAll(neededElsewhere);
    List<Removed> removed = new ArrayList<>();
    List<Kept> kept = new ArrayList<>();
    Set<String> refused = new HashSet<>();
    if (engine.isPresent() && !leftovers.images().isEmpty()) {
      Set<String> neededIds = new HashSet<>();
      Set<String> neededNames = new HashSet<>();
      for (String reference : needed) {
        neededNames.add(withoutDigest(reference));
        engine.get().find(reference).ifPresent(image -> neededIds.add(image.id()));
      }
      for (Map.Entry<String, String> leftover : leftovers.images().entrySet()) {
        String reference = leftover.getKey();
        String service = leftover.getValue();
        if (needed.contains(reference)) {
          kept.add(new Kept(reference, "another environment recorded it"));
          continue;
        }
        Optional<EngineImages.Image> image = engine.get().find(reference);
        if (image.isEmpty()) {
          continue;
        }
        String title = ImageLabels.title(project, service);
        if (!image.get().labels().containsKey(ImageLabels.CONTENT_HASH) || !title.equals(image.get().labels().get(ImageLabels.TITLE))) {
          kept.add(new Kept(reference, "not built by Slipway for " + title));
          continue;
        }
        if (neededIds.contains(image.get().id())) {
          kept.add(new Kept(reference, "a kept release runs the same image"));
          continue;
        }
        if (dryRun) {
          removed.add(new Removed(reference, service, image.get().size()));
          continue;
        }
        Optional<String> why = remove(reference, image.get(), neededNames);
        if (why.isPresent()) {
          kept.add(new Kept(reference, why.get()));
          refused.add(reference);
        } else {
          removed.add(new Removed(reference, service, engine.get().find(image.get().id()).isEmpty() ? image.get().size() : 0));
        }
      }
    }
    List<Integer> forgotten = new ArrayList<>();
    for (Release old : leftovers.beyond()) {
      if (old.images().values().stream().noneMatch(refused::contains)) {
        if (!dryRun) {
          store.forget(old.number());
        }
        forgotten.add(old.number());
      }
    }
    List<String> inRegistry = leftovers.images().keySet().stream().filter(reference -> reference.contains("@sha256:")).toList();
    return new Report(removed, kept, forgotten, inRegistry, dryRun);
  }

  /**
   * Removes {@code reference}, then the image's other names in the same repository that nothing
   * needed carries (the {@code git-<sha>} tag a build gives beside its content tag): an image
   * leaves the engine only with its last name.
   *
   * @return why the engine kept it, if it did
   */
  private Optional<String> remove(String reference, EngineImages.Image image, Set<String> neededNames) {
    if (engine.get().remove(reference) instanceof EngineImages.Removal.Refused refused) {
      return Optional.of(refused.reason());
    }
    String repository = repository(reference);
    Set<String> others = new LinkedHashSet<>(image.names());
    others.remove(withoutDigest(reference));
    for (String name : others) {
      if (!neededNames.contains(name) && sameRepository(repository(name), repository)) {
        if (engine.get().remove(name) instanceof EngineImages.Removal.Refused refused) {
          return Optional.of(refused.reason());
        }
      }
    }
    return Optional.empty();
  }

  private static String withoutDigest(String reference) {
    int at = reference.indexOf('@');
    return at < 0 ? reference : reference.substring(0, at);
  }

  /** {@code host:5000/shop/api} of {@code host:5000/shop/api:tag@sha256:...}. */
  static String repository(String reference) {
    String name = withoutDigest(reference);
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }

  /** The engine names an image without a registry {@code localhost/shop/api} (podman) or {@code docker.io/...}. */
  private static boolean sameRepository(String engineName, String recorded) {
    return engineName.equals(recorded) || engineName.endsWith("/" + recorded) && !recorded.contains(".") && !recorded.contains(":");
  }
}
