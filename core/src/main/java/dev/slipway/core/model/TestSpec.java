package dev.slipway.core.model;

import java.util.List;

/**
 * {@code test { pytest 'api/tests' }}: pytest run against the dependencies of the built image.
 *
 * @param pytestPaths relative to the script's directory, like every path in a script; they may
 *     lie outside the image's source (tests are usually kept out of images), since the test
 *     stage mounts them
 */
public record TestSpec(List<String> pytestPaths, SourceLocation location) {
  public TestSpec {
    pytestPaths = List.copyOf(pytestPaths);
  }
}
