/**
 * Where an environment's state lives and who may change it: {@link
 * dev.slipway.core.state.DeployState} (its releases and its lock), the lock ({@link
 * dev.slipway.core.state.EnvironmentLock}, {@link dev.slipway.core.state.LockHeld} when someone
 * else deploys), and the file-based default beside the script ({@link
 * dev.slipway.core.state.DeployLock}).
 */
package dev.slipway.core.state;
