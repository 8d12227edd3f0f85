/**
 * The Docker Compose target: reads and checks the {@code compose(...)} settings, hands rendering
 * to {@link dev.slipway.compose.render} and the live operations to {@link
 * dev.slipway.compose.apply}. Registered for {@link java.util.ServiceLoader}.
 */
package dev.slipway.compose;
