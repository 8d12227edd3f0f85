/**
 * Turns one resolved environment into a {@code compose.yaml} that follows the Compose
 * Specification. Pure functions of their input: no files, processes or environment are read, so
 * the same request always gives the same bytes.
 */
package dev.slipway.compose.render;
