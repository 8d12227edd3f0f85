/**
 * Where Slipway keeps what it can make again: one directory per user ({@link
 * dev.slipway.core.cache.CacheDirectory}), never in a project, so that {@code .slipway/} holds only
 * state and {@code slipway cache info}/{@code clean} find every cache in one place.
 */
package dev.slipway.core.cache;
