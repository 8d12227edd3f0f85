package dev.slipway.cli;

import dev.slipway.core.exec.DeployRun;
import dev.slipway.core.release.Release;
import dev.slipway.core.release.ReleaseStore;
import dev.slipway.core.state.EnvironmentLock;
import dev.slipway.core.target.DeployContext;
import java.util.Optional;
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
      Release restored = DeployRun.rollback(plan, workspace.liveTargetFor(plan, "rollback"), context, store, chosen.get(), deployOrder());
      finishOutput();
      out().println("release " + restored.number() + ": restored release " + chosen.get().number()
          + (restored.wholeEnvironment() ? "" : " for " + String.join(", ", deployOrder().stream().filter(restored.services()::contains).toList())));
    }
    return ExitCode.OK;
  }
}
