package dev.slipway.core.problem;

import dev.slipway.core.model.SourceLocation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The user's input cannot be used as written. Carries every problem found, not just the first,
 * so one run shows everything to fix.
 */
public class InvalidInputException extends RuntimeException {

  private final List<Problem> problems;

  public InvalidInputException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).distinct().collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid-input error needs at least one problem");
    }
    // Rules that meet the same mistake twice (a loop that repeats a declaration, a service seen
    // through every environment) must still print it once.
    this.problems = problems.stream().distinct().toList();
  }

  public InvalidInputException(SourceLocation location, String message) {
    this(List.of(new Problem(location, message)));
  }

  public List<Problem> problems() {
    return problems;
  }
}
