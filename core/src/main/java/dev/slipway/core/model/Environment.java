package dev.slipway.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A named place to deploy to ({@code dev}, {@code prod}): its target and what it changes about
 * services. {@code extendsFrom} inherits another environment's target and overrides.
 */
public record Environment(
    String name,
    Optional<String> extendsFrom,
    Optional<TargetSpec> target,
    List<ServicePatch> overrides,
    SourceLocation location) {

  public Environment {
    overrides = List.copyOf(overrides);
  }
}
