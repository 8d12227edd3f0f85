package dev.slipway.core.state;

import dev.slipway.core.process.ProcessId;
import dev.slipway.core.release.FileReleaseStore;
import dev.slipway.core.release.ReleaseStore;
import java.nio.file.Path;
import java.util.Optional;

/** {@link DeployState#inFiles}: releases under {@code releases/}, the lock in {@code deploy.lock}. */
record FileDeployState(Path stateDir) implements DeployState {

  @Override
  public ReleaseStore releases() {
    return new FileReleaseStore(stateDir);
  }

  @Override
  public EnvironmentLock lock() {
    return DeployLock.acquire(DeployLock.file(stateDir));
  }

  /** By the lock's own rule: a holder that is a process of this host that no longer runs holds nothing. */
  @Override
  public Optional<String> otherHolder() {
    return DeployLock.read(DeployLock.file(stateDir))
        .filter(holder -> !holder.process().equals(ProcessId.current()) && !DeployLock.isStale(holder, ProcessId.thisHost()))
        .map(DeployLock.Holder::toString);
  }

  @Override
  public boolean lockExpires() {
    return false;
  }
}
