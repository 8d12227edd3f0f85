package dev.slipway.cli;

import java.util.Map;

/**
 * What standard output is connected to, as far as the output's looks go: whether a line may be
 * redrawn (a progress bar) and whether outcomes may be coloured. Both need a terminal that is not
 * {@code TERM=dumb}; a progress bar is also left out on CI, whose logs keep every redraw, and
 * colours whenever {@code NO_COLOR} is set to anything (<a href="https://no-color.org">no-color.org</a>;
 * empty counts as unset there).
 */
record Terminal(boolean redraws, boolean colours) {

  /** For this process: its console, and {@code environment} (the process's variables, or a test's). */
  static Terminal of(Map<String, String> environment) {
    return of(environment, System.console() != null);
  }

  /** @param console whether standard input and output are a terminal */
  static Terminal of(Map<String, String> environment, boolean console) {
    boolean capable = console && !"dumb".equals(environment.get("TERM"));
    return new Terminal(capable && !environment.containsKey("CI"), capable && environment.getOrDefault("NO_COLOR", "").isEmpty());
  }
}
