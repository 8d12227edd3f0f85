package dev.slipway.cli.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What {@code slipway init} needs from a Dockerfile: the final stage's base image, start command,
 * working directory, environment, health check and the steps a {@code python { }} build would not
 * repeat. Not a full parser: enough of the syntax that real Dockerfiles use (line continuations,
 * comments, exec and shell forms, {@code ARG} defaults in {@code FROM}).
 *
 * @param stages how many {@code FROM} lines there are
 * @param baseImage the final stage's {@code FROM} image, {@code ARG} defaults filled in
 * @param entrypoint the final stage's {@code ENTRYPOINT}
 * @param cmd the final stage's {@code CMD}
 * @param workdir the final stage's last {@code WORKDIR}, absolute
 * @param env the final stage's {@code ENV}, in order
 * @param run the final stage's {@code RUN} commands
 * @param healthcheck the final stage's {@code HEALTHCHECK}: its test as Compose writes one, then
 *     its options
 */
record Dockerfile(
    int stages,
    String baseImage,
    Optional<Command> entrypoint,
    Optional<Command> cmd,
    String workdir,
    Map<String, String> env,
    List<String> run,
    Optional<Healthcheck> healthcheck) {

  private static final Pattern INSTRUCTION = Pattern.compile("(?s)([A-Za-z]+)\\s*(.*)");
  private static final Pattern ARG_REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}?");

  Dockerfile {
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    run = List.copyOf(run);
  }

  /** A command in exec form (a list of words) or shell form (one line run by {@code /bin/sh -c}). */
  sealed interface Command {}

  record Exec(List<String> words) implements Command {
    public Exec {
      words = List.copyOf(words);
    }
  }

  record Shell(String line) implements Command {}

  /** {@code HEALTHCHECK [--interval=..] CMD ...}; {@code test} is Compose's form ({@code CMD}, {@code CMD-SHELL} or {@code NONE} first). */
  record Healthcheck(List<String> test, Map<String, String> options) {
    public Healthcheck {
      test = List.copyOf(test);
      options = Map.copyOf(options);
    }
  }

  static Optional<Dockerfile> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readString(file)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Dockerfile parse(String text) {
    Map<String, String> globalArgs = new LinkedHashMap<>();
    int stages = 0;
    String base = "";
    Optional<Command> entrypoint = Optional.empty();
    Optional<Command> cmd = Optional.empty();
    String workdir = "/";
    Map<String, String> env = new LinkedHashMap<>();
    List<String> run = new ArrayList<>();
    Optional<Healthcheck> healthcheck = Optional.empty();
    for (String line : instructions(text)) {
      Matcher m = INSTRUCTION.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String keyword = m.group(1).toUpperCase(Locale.ROOT);
      String rest = m.group(2).trim();
      switch (keyword) {
        case "ARG" -> {
          if (stages == 0) {
            int eq = rest.indexOf('=');
            if (eq > 0) {
              globalArgs.put(rest.substring(0, eq).trim(), unquote(rest.substring(eq + 1).trim()));
            }
          }
        }
        case "FROM" -> {
          stages++;
          String image = rest.replaceAll("--platform=\\S+\\s+", "").split("\\s+")[0];
          base = substitute(image, globalArgs);
          // A new stage starts from nothing the previous one said; only its base image carries over.
          entrypoint = Optional.empty();
          cmd = Optional.empty();
          workdir = "/";
          env.clear();
          run.clear();
          healthcheck = Optional.empty();
        }
        case "ENTRYPOINT" -> {
          entrypoint = Optional.of(command(rest));
          // Docker resets CMD when ENTRYPOINT is set after it.
          cmd = Optional.empty();
        }
        case "CMD" -> cmd = Optional.of(command(rest));
        case "WORKDIR" -> {
          String dir = unquote(rest);
          workdir = dir.startsWith("/") ? dir : (workdir.endsWith("/") ? workdir : workdir + "/") + dir;
        }
        case "ENV" -> env.putAll(envPairs(rest));
        case "RUN" -> run.add(rest.replaceAll("^(--[a-z]+=\\S+\\s+)+", "").replaceAll("\\s+", " "));
        case "HEALTHCHECK" -> healthcheck = healthcheck(rest);
        default -> {}
      }
    }
    return new Dockerfile(stages, base, entrypoint, cmd, workdir, env, run, healthcheck);
  }

  /**
   * What the container runs when nothing overrides it, as one shell line: ENTRYPOINT then CMD as
   * docker combines them (a shell-form ENTRYPOINT ignores CMD).
   */
  Optional<String> startCommand() {
    if (entrypoint.isPresent() && entrypoint.get() instanceof Shell shell) {
      return Optional.of(shell.line());
    }
    List<String> words = new ArrayList<>();
    entrypoint.ifPresent(e -> words.addAll(((Exec) e).words()));
    if (cmd.isPresent() && cmd.get() instanceof Shell shell) {
      return Optional.of(words.isEmpty() ? shell.line() : ShellQuoting.join(words) + " /bin/sh -c " + ShellQuoting.quote(shell.line()));
    }
    cmd.ifPresent(c -> words.addAll(((Exec) c).words()));
    return words.isEmpty() ? Optional.empty() : Optional.of(ShellQuoting.join(words));
  }

  /** Logical lines: continuations joined, comments and parser directives dropped. */
  private static List<String> instructions(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\\R")) {
      String stripped = raw.strip();
      if (stripped.startsWith("#")) {
        continue;
      }
      if (stripped.endsWith("\\")) {
        current.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      current.append(stripped);
      if (!current.toString().isBlank()) {
        lines.add(current.toString().trim());
      }
      current.setLength(0);
    }
    if (!current.toString().isBlank()) {
      lines.add(current.toString().trim());
    }
    return lines;
  }

  private static Command command(String rest) {
    if (rest.startsWith("[")) {
      try {
        Object parsed = new Yaml(new LoaderOptions()).load(rest);
        if (parsed instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
          return new Exec(list.stream().map(String.class::cast).toList());
        }
      } catch (YAMLException notJson) {
        // Docker runs a malformed exec form as a shell line, and so do we.
      }
    }
    return new Shell(rest);
  }

  private static Optional<Healthcheck> healthcheck(String rest) {
    Map<String, String> options = new LinkedHashMap<>();
    String remaining = rest;
    Matcher option = Pattern.compile("^--([a-z-]+)=(\\S+)\\s*").matcher(remaining);
    while (option.find()) {
      options.put(option.group(1), option.group(2));
      remaining = remaining.substring(option.end());
      option = Pattern.compile("^--([a-z-]+)=(\\S+)\\s*").matcher(remaining);
    }
    if (remaining.equalsIgnoreCase("NONE")) {
      return Optional.of(new Healthcheck(List.of("NONE"), options));
    }
    if (!remaining.regionMatches(true, 0, "CMD", 0, 3)) {
      return Optional.empty();
    }
    Command command = command(remaining.substring(3).trim());
    List<String> test = new ArrayList<>();
    if (command instanceof Exec exec) {
      test.add("CMD");
      test.addAll(exec.words());
    } else {
      test.add("CMD-SHELL");
      test.add(((Shell) command).line());
    }
    return Optional.of(new Healthcheck(test, options));
  }

  private static Map<String, String> envPairs(String rest) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (!rest.contains("=") || rest.matches("[A-Za-z_][A-Za-z0-9_]*\\s+.*") && !rest.split("\\s+")[0].contains("=")) {
      // The legacy form: ENV KEY the whole rest of the line
      String[] keyValue = rest.split("\\s+", 2);
      if (keyValue.length == 2) {
        pairs.put(keyValue[0], keyValue[1]);
      }
      return pairs;
    }
    Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)").matcher(rest);
    while (pair.find()) {
      pairs.put(pair.group(1), unquote(pair.group(2)));
    }
    return pairs;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static String substitute(String image, Map<String, String> args) {
    Matcher m = ARG_REFERENCE.matcher(image);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = args.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
