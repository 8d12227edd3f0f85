package dev.slipway.cli;

import dev.slipway.core.gc.EngineImages;
import dev.slipway.core.gc.LeftoverCollector;
import dev.slipway.core.plan.Plan;
import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.HistoryLimit;
import dev.slipway.core.release.Release;
import dev.slipway.core.state.DeployState;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.LiveTarget;
import dev.slipway.core.target.RenderRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code slipway gc} for one environment, as the command and a deploy run it: the target's image
 * engine, the environment's history limit, and what the project's other environments on this
 * machine recorded (a staging and a prod on one engine may share an image), under the
 * environment's lock.
 */
final class EnvironmentLeftovers {

  private EnvironmentLeftovers() {}

  static LeftoverCollector.Report collect(Workspace workspace, Plan plan, DeployContext context, DeployState state, boolean dryRun) {
    LiveTarget live = workspace.liveTargetFor(plan, "gc");
    RenderRequest request = new RenderRequest(plan.environment(), plan.images(), Optional.empty());
    Optional<EngineImages> engine = live.imageEngine(request, context);
    LeftoverCollector collector = new LeftoverCollector(
        plan.environment().project().name(), HistoryLimit.of(plan.environment().target()), engine, recordedElsewhere(context.stateDir()));
    try (EnvironmentLock lock = state.lock()) {
      return collector.collect(state.releases(), dryRun);
    }
  }

  /**
   * Every image the releases of the project's other environments kept in files here recorded:
   * {@code .slipway/state/<other>/releases}. Environments whose target keeps their releases run
   * their images elsewhere.
   */
  private static Set<String> recordedElsewhere(Path stateDir) {
    Set<String> images = new HashSet<>();
    Path states = stateDir.getParent();
    if (states == null || !Files.isDirectory(states)) {
      return images;
    }
    List<Path> others;
    try (Stream<Path> entries = Files.list(states)) {
      others = entries.filter(Files::isDirectory).filter(dir -> !dir.equals(stateDir)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + states + ": " + e.getMessage(), e);
    }
    for (Path other : others) {
      new FileReleaseStore(other).all().stream().map(Release::images).forEach(recorded -> images.addAll(recorded.values()));
    }
    return images;
  }
}
