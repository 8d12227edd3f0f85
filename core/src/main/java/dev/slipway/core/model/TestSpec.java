package dev.slipway.core.model;

import java.util.List;

/** {@code test { pytest 'tests' }}: pytest run against the dependencies of the built image. */
public record TestSpec(List<String> pytestPaths, SourceLocation location) {
  public TestSpec {
    pytestPaths = List.copyOf(pytestPaths);
  }
}
