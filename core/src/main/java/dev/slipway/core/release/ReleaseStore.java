package dev.slipway.core.release;

import dev.slipway.core.target.Rendering;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The numbered releases of one environment, wherever they live: in files beside the script
 * ({@link FileReleaseStore}), or on the target itself, so that every deployer sees the same
 * history. Queries only read; a record that cannot be read is reported by {@link #damaged()},
 * skipped by every query, and its number is never given to a new release.
 */
public interface ReleaseStore {

  /**
   * Records a new release in progress, owned by this process, with the files it will apply; its
   * number is above every release there is, readable or not, and no two callers ever get the same.
   */
  Release start(Optional<String> revision, Map<String, String> images, Rendering rendering);

  /**
   * {@link #start(Optional, Map, Rendering)} for a release that changes only some services or
   * scales them: started, then saved again with {@code change}, so every store keeps it in the one
   * record format without a second way to start a release.
   */
  default Release start(Optional<String> revision, Map<String, String> images, Rendering rendering, Release.Change change) {
    Release started = start(revision, images, rendering);
    if (change.equals(Release.Change.WHOLE_ENVIRONMENT)) {
      return started;
    }
    Release changing = started.changing(change);
    save(changing);
    return changing;
  }

  /** Records that the environment was removed, as a release of its own, so that history shows it and nothing before it counts as running. */
  Release destroyed(String detail);

  /** Replaces the record of {@code release} (same number), e.g. with how it ended. */
  void save(Release release);

  /**
   * The files release {@code number} applied, exactly as recorded, in the order they were
   * applied: what a rollback applies again, never a new render of today's script.
   */
  Optional<Rendering> rendering(int number);

  /** Every release whose record is readable, oldest first; the others are in {@link #damaged()}. */
  List<Release> all();

  /** The records that cannot be read, each with what is wrong with it. They are left as they are, for whoever looks into what happened. */
  List<Damaged> damaged();

  /**
   * Deletes release {@code number}'s record and files, for good: what {@code slipway gc} does to
   * releases beyond the environment's {@link HistoryLimit}. A release that is not there is no
   * error; a damaged record is never deleted (it is not a release this store can read).
   */
  void forget(int number);

  /** Where release {@code number} is kept, for a person reading a message: a directory, or a Secret and its namespace. */
  String where(int number);

  /** A release record that cannot be read, and what is wrong with it. */
  record Damaged(String where, String problem) {
    /** One line: {@code .../0003/release.json is damaged (empty file): skipped}. */
    public String message() {
      return where + " is damaged (" + problem + "): skipped";
    }
  }

  default Optional<Release> find(int number) {
    return all().stream().filter(r -> r.number() == number).findFirst();
  }

  /**
   * The release the environment runs: the newest one that succeeded, unless the environment was
   * destroyed after it. Releases in progress, failed or interrupted never count.
   */
  default Optional<Release> current() {
    return all().stream()
        .filter(r -> Release.SUCCEEDED.equals(r.outcome()) || Release.DESTROYED.equals(r.outcome()))
        .reduce((a, b) -> b)
        .filter(r -> Release.SUCCEEDED.equals(r.outcome()));
  }

  /**
   * The services that releases after {@code number} changed, whatever their outcome (a failed or
   * interrupted one may have left some of its services changed): what a rollback to {@code number}
   * must restore, since every other service still runs as release {@code number} had it. Empty
   * when one of them changed the whole environment, or was a destroy, and so everything must be
   * restored.
   */
  default Set<String> changedAfter(int number) {
    Set<String> changed = new TreeSet<>();
    for (Release release : all()) {
      if (release.number() > number) {
        if (release.wholeEnvironment()) {
          return Set.of();
        }
        changed.addAll(release.services());
      }
    }
    return changed;
  }

  /** The newest release that succeeded, other than {@code excluding}. */
  default Optional<Release> lastSucceeded(int excluding) {
    return all().stream()
        .filter(r -> r.number() != excluding && Release.SUCCEEDED.equals(r.outcome()))
        .reduce((a, b) -> b);
  }
}
