/** Typed events that the engine reports and renderers subscribe to. */
package dev.slipway.core.event;
