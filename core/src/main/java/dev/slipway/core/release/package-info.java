/**
 * The deploy history of an environment: numbered releases, what each applied and how it ended,
 * behind {@link dev.slipway.core.release.ReleaseStore}; in files under {@code
 * .slipway/state/<env>/} unless the target keeps them itself. One record format for every store:
 * {@link dev.slipway.core.release.ReleaseJson}.
 */
package dev.slipway.core.release;
