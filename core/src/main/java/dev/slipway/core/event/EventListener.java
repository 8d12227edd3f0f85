package dev.slipway.core.event;

/** Receives events; renderers and tests implement it. */
@FunctionalInterface
public interface EventListener {

  EventListener NONE = event -> {};

  void on(Event event);
}
