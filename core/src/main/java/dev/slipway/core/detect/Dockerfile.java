package dev.slipway.core.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start command an application's own Dockerfile gives: the final stage's {@code ENTRYPOINT}
 * and {@code CMD} combined as Docker combines them (an exec-form entrypoint takes the command as
 * its arguments; a shell-form entrypoint ignores it; a stage without either inherits them from
 * the stage it is built {@code FROM}).
 */
final class Dockerfile {

  static final List<String> NAMES = List.of("Dockerfile", "Containerfile");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INSTRUCTION = Pattern.compile("(?s)^\\s*([A-Za-z]+)\\s+(.*?)\\s*$");
  /** An interactive shell or interpreter: how to poke at the image, not how to start the app. */
  private static final Set<String> NOT_A_START = Set.of("bash", "sh", "/bin/bash", "/bin/sh", "python", "python3", "ipython");

  /**
   * What the Dockerfile starts.
   *
   * @param file {@code Dockerfile} or {@code Containerfile}
   * @param written the instructions as written, e.g. {@code CMD ["gunicorn", "app:app"]}
   * @param workdir the final stage's working directory, if it sets one
   */
  record Start(String file, String command, String written, Optional<String> workdir) {}

  private record Form(List<String> exec, String shell, String written) {
    List<String> argv() {
      return exec != null ? exec : List.of("/bin/sh", "-c", shell);
    }
  }

  private static final class Stage {
    String name = "";
    String base = "";
    Form entrypoint;
    Form cmd;
    boolean entrypointSetHere;
    String workdir;
  }

  private Dockerfile() {}

  static Optional<Start> read(Path sourceDir) {
    for (String name : NAMES) {
      Path file = sourceDir.resolve(name);
      if (Files.isRegularFile(file)) {
        try {
          return start(name, Files.readString(file));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Optional.empty();
  }

  static Optional<Start> start(String fileName, String text) {
    List<Stage> stages = new ArrayList<>();
    for (String instruction : instructions(text)) {
      Matcher matcher = INSTRUCTION.matcher(instruction);
      if (!matcher.matches()) {
        continue;
      }
      String keyword = matcher.group(1).toUpperCase(Locale.ROOT);
      String arguments = matcher.group(2);
      if (keyword.equals("FROM")) {
        Stage stage = new Stage();
        String[] words = arguments.replaceAll("--\\S+", "").trim().split("\\s+");
        stage.base = words[0];
        if (words.length >= 3 && words[1].equalsIgnoreCase("as")) {
          stage.name = words[2];
        }
        stages.add(stage);
      } else if (!stages.isEmpty()) {
        Stage stage = stages.get(stages.size() - 1);
        switch (keyword) {
          case "ENTRYPOINT" -> {
            stage.entrypoint = form(keyword, arguments);
            // Docker: an ENTRYPOINT resets the CMD the base stage had; see the inheritance below.
            stage.entrypointSetHere = true;
          }
          case "CMD" -> stage.cmd = form(keyword, arguments);
          case "WORKDIR" -> stage.workdir = arguments;
          default -> {}
        }
      }
    }
    if (stages.isEmpty()) {
      return Optional.empty();
    }
    Stage last = stages.get(stages.size() - 1);
    Form entrypoint = last.entrypoint;
    Form cmd = last.cmd;
    String workdir = last.workdir;
    // Inherit what the final stage does not set from the earlier stage it is built on.
    Stage from = last;
    for (int hops = 0; hops < stages.size() && (entrypoint == null || (cmd == null && !last.entrypointSetHere)); hops++) {
      Stage base = named(stages, from.base);
      if (base == null) {
        break;
      }
      if (entrypoint == null) {
        entrypoint = base.entrypoint;
      }
      if (cmd == null && !last.entrypointSetHere) {
        cmd = base.cmd;
      }
      workdir = workdir == null ? base.workdir : workdir;
      from = base;
    }
    List<String> argv = new ArrayList<>();
    List<String> written = new ArrayList<>();
    if (entrypoint != null) {
      argv.addAll(entrypoint.argv());
      written.add(entrypoint.written());
    }
    if (cmd != null && (entrypoint == null || entrypoint.exec() != null)) {
      argv.addAll(cmd.argv());
      written.add(cmd.written());
    }
    if (argv.isEmpty() || (argv.size() == 1 && NOT_A_START.contains(argv.get(0)))) {
      return Optional.empty();
    }
    return Optional.of(new Start(fileName, commandLine(argv), String.join(" + ", written), Optional.ofNullable(workdir)));
  }

  private static Stage named(List<Stage> stages, String name) {
    return stages.stream().filter(s -> !s.name.isEmpty() && s.name.equalsIgnoreCase(name)).findFirst().orElse(null);
  }

  /** Exec form when the arguments are a JSON array of strings, shell form otherwise, as Docker decides. */
  private static Form form(String keyword, String arguments) {
    if (arguments.startsWith("[")) {
      try {
        String[] exec = JSON.readValue(arguments, String[].class);
        return new Form(Arrays.asList(exec), null, keyword + " " + arguments);
      } catch (JsonProcessingException notJson) {
        // Docker runs a malformed array with the shell too.
      }
    }
    return new Form(null, arguments, keyword + " " + arguments);
  }

  /**
   * One line per command: {@code sh -c 'x'} as {@code x} (the image runs a command with shell
   * syntax under sh itself), other arguments quoted when the shell would read them.
   */
  private static String commandLine(List<String> argv) {
    if (argv.size() == 3 && argv.get(0).equals("/bin/sh") && argv.get(1).equals("-c")) {
      return argv.get(2);
    }
    List<String> words = new ArrayList<>();
    for (String argument : argv) {
      words.add(argument.matches("[\\w@%+=:,./-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }

  /** Instructions with continuation lines joined and comments dropped. */
  private static List<String> instructions(String text) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed.substring(0, trimmed.length() - 1).strip()).append(' ');
        continue;
      }
      current.append(trimmed);
      if (!current.toString().isBlank()) {
        instructions.add(current.toString());
      }
      current.setLength(0);
    }
    if (!current.toString().isBlank()) {
      instructions.add(current.toString());
    }
    return instructions;
  }
}
