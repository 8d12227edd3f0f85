package dev.slipway.cli;

import java.util.Map;

/**
 * What standard output is connected to, as far as the output's looks go: whether a line may be
 * redrawn (a progress bar) and whether outcomes may be coloured. Both need a terminal that is not
 * {@code TERM=dumb}; a progress bar is also left out on CI, whose logs keep every redraw, and
 * colours whenever {@code NO_COLOR} is set to anything (<a href="https://no-color.org">no-color.org</a>;
 * empty counts as unset there). A redrawn line is cut to {@code columns}.
 */
record Terminal(boolean redraws, boolean colours, int columns) {

  /** What a terminal that does not say its width has: a redrawn line must not wrap, or it cannot be erased. */
  static final int DEFAULT_COLUMNS = 80;

  Terminal(boolean redraws, boolean colours) {
    this(redraws, colours, DEFAULT_COLUMNS);
  }

  /** For this process: its console, and {@code environment} (the process's variables, or a test's). */
  static Terminal of(Map<String, String> environment) {
    return of(environment, System.console() != null);
  }

  /**
   * @param console whether standard input and output are a terminal
   */
  static Terminal of(Map<String, String> environment, boolean console) {
    boolean capable = console && !"dumb".equals(environment.get("TERM"));
    return new Terminal(capable && !environment.containsKey("CI"), capable && environment.getOrDefault("NO_COLOR", "").isEmpty(), columns(environment));
  }

  /** The width shells export as {@code COLUMNS} when asked to; Java has no other way to learn it. */
  private static int columns(Map<String, String> environment) {
    String columns = environment.getOrDefault("COLUMNS", "");
    return columns.matches("[1-9][0-9]{0,3}") ? Math.max(20, Integer.parseInt(columns)) : DEFAULT_COLUMNS;
  }
}
