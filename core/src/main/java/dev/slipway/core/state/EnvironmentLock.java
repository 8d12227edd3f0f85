package dev.slipway.core.state;

/**
 * The exclusive right to change one environment, held from {@link DeployState#lock()} until
 * {@link #close()}: one deploy, rollback or destroy at a time.
 */
public interface EnvironmentLock extends AutoCloseable {

  /**
   * Gives the lock back, once (later calls do nothing). Never throws: it runs in finally-blocks
   * and shutdown hooks, where an exception would hide the one that matters; a lock that cannot be
   * given back is one a later deploy takes over (stale, or expired).
   */
  @Override
  void close();
}
