package dev.slipway.dsl.spec;

/** Inside {@code test { ... }}. */
public interface TestSpec {

  @Usage("pytest 'api/tests'")
  void pytest(String... paths);
}
