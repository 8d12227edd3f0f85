package dev.slipway.cli;

import dev.slipway.core.target.DeployContext;
import picocli.CommandLine.Option;

/** How the commands that apply a release (deploy, rollback) treat what they find on the target. */
public final class ApplyOptions {

  @Option(names = "--no-prune", description = "Keep objects that earlier releases created and this one no longer defines (pruned by default once healthy).")
  boolean noPrune;

  @Option(
      names = "--force-conflicts",
      description = "Take over fields another tool manages on the target (Kubernetes server-side apply conflicts) instead of stopping at them.")
  boolean forceConflicts;

  DeployContext.Options options() {
    return new DeployContext.Options(!noPrune, forceConflicts);
  }
}
