package dev.slipway.core.build;

import java.util.List;

/** A service's tests ran and some failed; the pipeline stops before deploy. */
public final class TestFailure extends BuildFailure {

  private final List<String> failedTests;

  public TestFailure(String message, List<String> failedTests) {
    super(message);
    this.failedTests = List.copyOf(failedTests);
  }

  public List<String> failedTests() {
    return failedTests;
  }
}
