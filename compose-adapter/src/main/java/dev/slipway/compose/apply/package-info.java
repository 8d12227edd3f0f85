/**
 * Live Compose: applies a rendered {@code compose.yaml} service by service, rolls updates, waits
 * for health, steers front proxies, and reads status and logs, all through the Compose command
 * line. {@link dev.slipway.compose.apply.ComposeDeployer} is what {@code ComposeTarget} calls.
 */
package dev.slipway.compose.apply;
