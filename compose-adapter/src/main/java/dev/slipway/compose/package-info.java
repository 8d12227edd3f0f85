/**
 * The Docker Compose target: reads and checks the {@code compose(...)} settings and hands
 * rendering to {@link dev.slipway.compose.render}. Registered for {@link java.util.ServiceLoader}.
 */
package dev.slipway.compose;
