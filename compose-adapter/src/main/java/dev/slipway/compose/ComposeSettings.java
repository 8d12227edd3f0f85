package dev.slipway.compose;

import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.problem.Problem;
import dev.slipway.core.problem.Suggestions;
import dev.slipway.core.release.HistoryLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings of {@code compose(cli: 'podman-compose', bind: '0.0.0.0')}.
 *
 * @param cli the Compose command to run, when the script names one
 * @param bind the host address that published ports listen on
 */
public record ComposeSettings(Optional<String> cli, String bind) {

  /** Loopback unless the script says otherwise: a deploy should not open ports to the network by surprise. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  static final String CLI = "cli";
  static final String BIND = "bind";
  static final List<String> KNOWN = List.of(BIND, CLI, HistoryLimit.SETTING);

  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

  /** The settings of a spec that {@link #problems} found nothing wrong with. */
  public static ComposeSettings of(TargetSpec spec) {
    return new ComposeSettings(spec.setting(CLI), spec.setting(BIND).orElse(DEFAULT_BIND));
  }

  /** Every problem with the spec's settings, in the order they were written. */
  public static List<Problem> problems(TargetSpec spec) {
    List<Problem> problems = new ArrayList<>();
    spec.settings().forEach((key, value) -> {
      switch (key) {
        case CLI -> {
          if (value == null || value.isBlank()) {
            problems.add(new Problem(spec.location(), "compose(): setting 'cli' must name a command, e.g. cli: 'docker compose'"));
          }
        }
        case BIND -> {
          if (value == null || !IPV4.matcher(value).matches()) {
            problems.add(
                new Problem(
                    spec.location(),
                    "compose(): setting 'bind' must be an IPv4 address such as 127.0.0.1 or 0.0.0.0, not '" + value + "'"));
          }
        }
        case HistoryLimit.SETTING -> HistoryLimit.problem(spec).ifPresent(problems::add);
        default ->
            problems.add(
                new Problem(
                    spec.location(),
                    "compose(): unknown setting '" + key + "'" + Suggestions.didYouMean(key, KNOWN) + "; known: "
                        + String.join(", ", KNOWN)));
      }
    });
    return problems;
  }
}
