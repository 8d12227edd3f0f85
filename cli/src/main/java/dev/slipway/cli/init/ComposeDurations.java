package dev.slipway.cli.init;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compose's durations ({@code 10s}, {@code 1m30s}, {@code 500ms}: Go's syntax) as whole seconds. */
final class ComposeDurations {

  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(h|ms|m|s|us|µs|ns)");
  private static final Map<String, Long> NANOS =
      Map.of("h", 3_600_000_000_000L, "m", 60_000_000_000L, "s", 1_000_000_000L, "ms", 1_000_000L, "us", 1_000L, "µs", 1_000L, "ns", 1L);

  private ComposeDurations() {}

  static Optional<Duration> parse(String text) {
    String trimmed = text.trim();
    if (trimmed.matches("[0-9]+")) {
      // A bare number is seconds in the docs' examples, though Compose itself reads nanoseconds
      // in some fields; seconds is what people mean.
      return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
    }
    Matcher m = PART.matcher(trimmed);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      at = m.end();
    }
    if (at == 0 || at != trimmed.length()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(nanos.setScale(0, RoundingMode.CEILING).longValueExact()));
  }

  /** Whole seconds, rounded up: the DSL counts in seconds and a check must not become shorter. */
  static long wholeSeconds(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() > 0 ? seconds + 1 : seconds;
  }
}
