package dev.slipway.cli;

import dev.slipway.core.exec.DeployRun;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.target.DeployContext;
import dev.slipway.core.target.Rendering;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway rollback}: restore an earlier release, as a new release, under the environment's lock. */
@Command(name = "rollback", description = "Restore an earlier successful release (default: the one before the current).")
final class RollbackCommand extends DeployedEnvironmentCommand {

  @Option(names = "--to", paramLabel = "N", description = "The release to restore.")
  Integer to;

  @Mixin ApplyOptions apply;

  @Override
  DeployContext.Options applyOptions() {
    return apply.options();
  }

  @Override
  Integer run(Workspace workspace) {
    try (EnvironmentLock lock = state.lock()) {
      ReleaseStore store = releases();
      // After a destroy nothing runs, and the last release that did is the one to bring back.
      Optional<Release> chosen = to != null ? store.find(to) : store.lastSucceeded(store.current().map(Release::number).orElse(-1));
      if (chosen.isEmpty() || !Release.SUCCEEDED.equals(chosen.get().outcome())) {
        throw Workspace.commandLineError(
            (to != null ? "release " + to + " does not exist or did not succeed" : "there is no earlier successful release")
                + ": see slipway history --env " + plan.environment().name());
      }
      // Only what a later release changed differs from the chosen release's files; the other services are left as they run.
      Set<String> changed = store.changedAfter(chosen.get().number());
      List<String> order = deployOrder().stream().filter(service -> changed.isEmpty() || changed.contains(service)).toList();
      Rendering applied = DeployRun.restore(plan, workspace.liveTargetFor(plan, "rollback"), context, store, chosen.get(), order);
      Release restored = store.start(chosen.get().revision(), chosen.get().images(), applied, new Release.Change(changed, chosen.get().scaled(), false));
      store.save(restored.finished(Release.SUCCEEDED, "rollback to release " + chosen.get().number()));
      out().println("release " + restored.number() + ": restored release " + chosen.get().number() + (changed.isEmpty() ? "" : " for " + String.join(", ", order)));
    }
    return ExitCode.OK;
  }
}
