package dev.slipway.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One program to run: its command line, the directory it runs in, what it adds to Slipway's own
 * environment, and how long it may take.
 *
 * @param timeout empty only for commands that run until the user stops them, e.g. {@code logs --follow}
 */
public record ExternalCommand(List<String> arguments, Path directory, Map<String, String> environment, Optional<Duration> timeout) {

  /** For callers that give no limit: long enough for a slow pip install, short of hanging a CI job for good. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  public ExternalCommand {
    arguments = List.copyOf(arguments);
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least the program to run");
    }
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    timeout.filter(limit -> limit.isNegative() || limit.isZero()).ifPresent(limit -> {
      throw new IllegalArgumentException("a timeout must be positive, not " + limit);
    });
  }

  /** {@code arguments} run in {@code directory} with Slipway's environment and {@link #DEFAULT_TIMEOUT}. */
  public static ExternalCommand of(List<String> arguments, Path directory) {
    return new ExternalCommand(arguments, directory, Map.of(), Optional.of(DEFAULT_TIMEOUT));
  }

  public ExternalCommand withEnvironment(Map<String, String> added) {
    return new ExternalCommand(arguments, directory, added, timeout);
  }

  public ExternalCommand withTimeout(Duration limit) {
    return new ExternalCommand(arguments, directory, environment, Optional.of(limit));
  }

  /** For a command that only the user ends, by interrupting the thread that runs it. */
  public ExternalCommand untilInterrupted() {
    return new ExternalCommand(arguments, directory, environment, Optional.empty());
  }

  /** The command line as a user would type it, for messages. */
  public String commandLine() {
    return String.join(" ", arguments);
  }

  /** {@code 30 min}, {@code 20 s} or {@code 250 ms}: the limit as messages state it. */
  static String describe(Duration limit) {
    if (limit.toMillis() % 60_000 == 0) {
      return limit.toMinutes() + " min";
    }
    if (limit.toMillis() % 1000 == 0) {
      return limit.toSeconds() + " s";
    }
    return limit.toMillis() + " ms";
  }
}
