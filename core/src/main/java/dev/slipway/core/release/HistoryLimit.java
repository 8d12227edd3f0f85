package dev.slipway.core.release;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How many releases an environment keeps, whichever store keeps them: the newest {@code releases}
 * records, and the current one (what runs, and what a failed deploy restores) however old. What
 * is kept can be rolled back to, so its images stay too; what is beyond goes, records and the
 * images only they used ({@code slipway gc}). Every target takes the setting {@code history: N}
 * in its {@code target} line; without it, {@value #DEFAULT}.
 *
 * @param releases at least 1
 */
public record HistoryLimit(int releases) {

  public static final int DEFAULT = 10;

  /** The target setting that sets it: {@code target compose(history: 3)}. */
  public static final String SETTING = "history";

  public HistoryLimit {
    if (releases < 1) {
      throw new IllegalArgumentException("the history limit must keep at least one release, not " + releases);
    }
  }

  /** The limit {@code spec} sets, else the default; {@link #problem} has found nothing wrong with it. */
  public static HistoryLimit of(TargetSpec spec) {
    return new HistoryLimit(spec.setting(SETTING).map(Integer::parseInt).orElse(DEFAULT));
  }

  /** What is wrong with {@code spec}'s {@code history} setting, if it has one. */
  public static Optional<Problem> problem(TargetSpec spec) {
    return spec.setting(SETTING).filter(value -> !value.matches("[1-9][0-9]{0,5}")).map(value -> new Problem(spec.location(),
        spec.type() + "(): setting '" + SETTING + "' must be how many releases to keep, a whole number from 1, e.g. history: 10; not '" + value + "'"));
  }

  /**
   * The numbers of the releases this limit keeps of {@code all} (readable releases, oldest first):
   * the newest {@link #releases}, whatever their outcome, and the current one.
   */
  public Set<Integer> kept(List<Release> all, Optional<Release> current) {
    Set<Integer> kept = new LinkedHashSet<>();
    current.ifPresent(release -> kept.add(release.number()));
    all.subList(Math.max(0, all.size() - releases), all.size()).forEach(release -> kept.add(release.number()));
    return kept;
  }

  /** The releases of {@code all} that this limit does not keep, oldest first. */
  public List<Release> beyond(List<Release> all, Optional<Release> current) {
    Set<Integer> kept = kept(all, current);
    List<Release> beyond = new ArrayList<>();
    all.stream().filter(release -> !kept.contains(release.number())).forEach(beyond::add);
    return beyond;
  }
}
