package dev.slipway.core.state;

import dev.slipway.core.release.ReleaseStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an environment's state lives: its releases and its deploy lock. Files beside the script
 * by default ({@link #inFiles}); a target can keep them itself, so that every machine that deploys
 * to it shares one history and one lock (see {@code LiveTarget.state}).
 */
public interface DeployState {

  ReleaseStore releases();

  /**
   * Takes the environment's lock.
   *
   * @throws LockHeld naming the holder when someone else deploys
   */
  EnvironmentLock lock();

  /**
   * Who holds the lock now, if anyone other than this process does and still counts as holding
   * it (a lock whose holder is known to be gone does not), described for a person: e.g. {@code
   * pid 12 on build-7 since 2026-01-01T10:00:00Z}.
   */
  Optional<String> otherHolder();

  /**
   * Whether the lock frees itself when its holder dies, wherever that ran: a lease that is no
   * longer renewed expires, a lock file stays. Only then does a free lock prove that a deploy on
   * another host is over (see {@code ReleaseCheckup}).
   */
  boolean lockExpires();

  /** The state in {@code stateDir} ({@code .slipway/state/<env>}): release directories and a lock file. */
  static DeployState inFiles(Path stateDir) {
    return new FileDeployState(stateDir);
  }
}
