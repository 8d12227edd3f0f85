package dev.slipway.compose.apply;

import dev.slipway.core.model.Project;
import dev.slipway.core.model.ResolvedEnvironment;
import dev.slipway.core.model.Service;
import dev.slipway.core.model.TargetSpec;
import dev.slipway.core.model.TestModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for the Compose CLI and the container engine's CLI: one shell script in a test's
 * temporary directory, run as {@code <script> compose ...} for Compose and {@code <script> engine
 * ...} for the engine. Each run appends its argv to a log ({@link #calls}), then answers from the
 * first rule whose glob (a {@code case} pattern) matches its whole command line, {@code compose
 * <args>} or {@code engine <args>}; a rule with several replies gives them in turn and repeats its
 * last. A run that no rule matches exits 0 and prints nothing.
 *
 * <p>It does not emulate real containers (ps lists what a rule says, whatever ran before), timing
 * (every answer is immediate), Compose's own decisions (whether {@code up} recreates a container,
 * which containers a scale keeps, config hashes, container numbers), or the engine's.
 */
final class StandInCompose {

  /** Between the arguments of one run, and between runs, in the log: neither occurs in an argument. */
  private static final String ARGUMENT_END = "\u001f";
  private static final String RUN_END = "\u001e";

  /** The options that name the project to Compose; {@link #commandLines} leaves them out. */
  private static final Set<String> PROJECT_OPTIONS = Set.of("-p", "-f", "--project-directory");

  private final Path dir;
  private final Path script;
  private int rules;

  StandInCompose(Path dir) {
    this.dir = dir;
    this.script = dir.resolve("stand-in-compose");
    try {
      Files.createDirectories(dir.resolve("rules"));
      Files.writeString(script, String.join("\n",
          "#!/bin/sh",
          "here='" + dir + "'",
          "{ for argument in \"$@\"; do printf '%s\\037' \"$argument\"; done; printf '\\036'; } >> \"$here/calls\"",
          "line=\"$*\"",
          "for rule in \"$here\"/rules/*; do",
          "  [ -d \"$rule\" ] || continue",
          "  pattern=$(cat \"$rule/pattern\")",
          "  case \"$line\" in",
          "    $pattern)",
          "      used=$(cat \"$rule/used\" 2>/dev/null || echo 0)",
          "      echo $((used + 1)) > \"$rule/used\"",
          "      count=$(cat \"$rule/count\")",
          "      if [ \"$used\" -lt \"$count\" ]; then reply=$used; else reply=$((count - 1)); fi",
          "      cat \"$rule/$reply.out\"",
          "      exit \"$(cat \"$rule/$reply.code\")\"",
          "      ;;",
          "  esac",
          "done",
          "exit 0",
          ""));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one run prints (standard output and errors are one stream to Slipway) and its exit code. */
  record Reply(int exitCode, String output) {}

  static Reply ok(String output) {
    return new Reply(0, output);
  }

  static Reply fails(int exitCode, String output) {
    return new Reply(exitCode, output);
  }

  /** Answers each run matching {@code glob} with the next of {@code replies}, the last one from then on; rules match in the order added. */
  StandInCompose on(String glob, Reply... replies) {
    Path rule = dir.resolve("rules").resolve(String.format("%04d", rules++));
    try {
      Files.createDirectories(rule);
      Files.writeString(rule.resolve("pattern"), glob);
      Files.writeString(rule.resolve("count"), String.valueOf(replies.length));
      for (int i = 0; i < replies.length; i++) {
        Files.writeString(rule.resolve(i + ".out"), replies[i].output());
        Files.writeString(rule.resolve(i + ".code"), String.valueOf(replies[i].exitCode()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The Compose CLI to run, as {@code SLIPWAY_COMPOSE_CLI} or {@code compose(cli:)} would name it. */
  String composeCommand() {
    return script + " compose";
  }

  /** A Compose CLI whose engine is this stand-in too. */
  ComposeCli cli() {
    return new ComposeCli(List.of(script.toString(), "compose"), List.of(script.toString(), "engine"), System.getenv());
  }

  /** Environment {@code dev} of project {@code shop}, based in this stand-in's directory. */
  ResolvedEnvironment environment(Service... services) {
    TargetSpec compose = new TargetSpec("compose", Map.of(), TestModel.HERE);
    Project shop = TestModel.project("shop", dir, compose, services);
    return new ResolvedEnvironment(shop, "dev", compose, shop.services());
  }

  /** That environment's Compose project, driven by this stand-in. */
  ComposeProject project(Service... services) {
    return new ComposeProject(cli(), environment(services), dir.resolve("compose.yaml"));
  }

  /** Every run so far, oldest first: its arguments after the script, starting with {@code compose} or {@code engine}. */
  List<List<String>> calls() {
    Path log = dir.resolve("calls");
    try {
      if (!Files.exists(log)) {
        return List.of();
      }
      List<List<String>> calls = new ArrayList<>();
      for (String run : Files.readString(log).split(RUN_END)) {
        String[] arguments = run.split(ARGUMENT_END, -1);
        // Each argument ends with the separator, so the last piece is the empty rest.
        calls.add(List.of(Arrays.copyOf(arguments, arguments.length - 1)));
      }
      return calls;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #calls} as command lines, without the options that name the project, e.g. {@code compose up -d --no-deps web}. */
  List<String> commandLines() {
    List<String> lines = new ArrayList<>();
    for (List<String> call : calls()) {
      List<String> shown = new ArrayList<>(List.of(call.get(0)));
      int next = 1;
      while (next + 1 < call.size() && PROJECT_OPTIONS.contains(call.get(next))) {
        next += 2;
      }
      shown.addAll(call.subList(next, call.size()));
      lines.add(String.join(" ", shown));
    }
    return lines;
  }

  /**
   * One line of {@code compose ps --format json} as Compose v2 prints it, for container {@code
   * number} of {@code service}, labels as its one {@code key=value,...} string, publishing each of
   * {@code hostPorts} on 127.0.0.1.
   */
  static String psLine(String id, String service, int number, String state, String labels, int... hostPorts) {
    String status = switch (state) {
      case "running" -> "Up 5 seconds";
      case "exited" -> "Exited (1) 1 second ago";
      case "restarting" -> "Restarting (1) 1 second ago";
      default -> state;
    };
    int exitCode = state.equals("exited") || state.equals("restarting") ? 1 : 0;
    List<String> publishers = new ArrayList<>();
    for (int port : hostPorts) {
      publishers.add("{\"URL\":\"127.0.0.1\",\"TargetPort\":" + port + ",\"PublishedPort\":" + port + ",\"Protocol\":\"tcp\"}");
    }
    return "{\"ID\":\"" + id + "\",\"Name\":\"shop-dev-" + service + "-" + number + "\",\"Service\":\"" + service + "\",\"State\":\"" + state
        + "\",\"Status\":\"" + status + "\",\"ExitCode\":" + exitCode + ",\"Labels\":\"" + labels + "\",\"Publishers\":[" + String.join(",", publishers) + "]}\n";
  }
}
