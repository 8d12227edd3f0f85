package dev.slipway.dsl.internal;

import dev.slipway.core.model.SourceLocation;
import dev.slipway.core.problem.InvalidInputException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each one-value keyword of one block was first given. A second {@code source 'b'} would
 * silently replace the first, so it is an error at its line that points back at the first.
 */
final class SingleValues {

  private final ScriptContext context;
  private final String in;
  private final Map<String, SourceLocation> first = new HashMap<>();

  /** @param block the block's name as messages give it, e.g. {@code python { } of service 'api'}; empty for the top level */
  SingleValues(ScriptContext context, String block) {
    this.context = context;
    this.in = block.isEmpty() ? "" : " in " + block;
  }

  void given(String keyword) {
    SourceLocation here = context.here();
    SourceLocation earlier = first.putIfAbsent(keyword, here);
    if (earlier != null) {
      throw new InvalidInputException(here, keyword + " given twice" + in + " (first at line " + earlier.line() + "): keep one");
    }
  }
}
