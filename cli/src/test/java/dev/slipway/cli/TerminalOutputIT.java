package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as its own process, its output a real terminal ({@code script} gives it a pseudo
 * terminal, so {@code System.console()} sees one) or a pipe: colours on a terminal only, never
 * with {@code NO_COLOR}. The deploy goes to the test-only {@code directory()} target.
 */
class TerminalOutputIT {

  private static final Pattern COLOUR = Pattern.compile("\u001b\\[[0-9;]*m");

  @TempDir Path project;

  @BeforeEach
  void script() throws IOException {
    Files.writeString(project.resolve("deploy.groovy"), """
        project 'shelf'
        service('web') { image 'nginx:1.27' }
        environments {
          lab { target directory(path: 'out') }
        }
        """);
  }

  @Test
  void onATerminal_outcomesColoured() throws Exception {
    String out = deploy(true, Map.of("TERM", "xterm-256color"));

    assertTrue(out.contains("\u001b[32mdone\u001b[0m"), out);
  }

  @Test
  void onATerminal_noColorSet_noColours() throws Exception {
    String out = deploy(true, Map.of("TERM", "xterm-256color", "NO_COLOR", "1"));

    assertTrue(out.contains("] done"), out);
    assertFalse(COLOUR.matcher(out).find(), out);
  }

  @Test
  void toAPipe_noColours() throws Exception {
    String out = deploy(false, Map.of("TERM", "xterm-256color"));

    assertTrue(out.contains("] done"), out);
    assertFalse(COLOUR.matcher(out).find(), out);
  }

  private String deploy(boolean terminal, Map<String, String> environment) throws IOException, InterruptedException {
    List<String> slipway = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        SlipwayCommand.class.getName(), "deploy", "--env", "lab", "-f", project.resolve("deploy.groovy").toString());
    List<String> command = new ArrayList<>();
    if (terminal) {
      // script(1) runs the command on a new pseudo terminal and copies what it writes to ours.
      command.addAll(List.of("script", "--quiet", "--return", "--command", slipway.stream().map(TerminalOutputIT::quoted).collect(Collectors.joining(" ")), "/dev/null"));
    } else {
      command.addAll(slipway);
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().remove("NO_COLOR");
    builder.environment().remove("CI");
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the deploy finished");
    assertEquals(ExitCode.OK, process.exitValue(), out);
    return out;
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
