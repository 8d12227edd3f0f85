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
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid-input error needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(SourceLocation location, String message) {
    this(List.of(new Problem(location, message)));
  }

  public List<Problem> problems() {
    return problems;
  }
}
