package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.testing.PythonFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * with {@code NO_COLOR}; progress redrawn on a terminal only. The deploy goes to the test-only
 * {@code directory()} target.
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

  /**
   * A real build with long steps: hello-flask's dependencies resolved by pip from the wheelhouse,
   * the base image read from its tar by jib, the image written to a tar.
   */
  private String build(boolean terminal, Map<String, String> environment) throws IOException, InterruptedException {
    Path example = ExampleCopy.of("hello-flask", project);
    // A cache of its own, so that pip resolves here rather than reusing another test's result.
    Map<String, String> withOwnCache = new HashMap<>(environment);
    withOwnCache.put("SLIPWAY_CACHE_DIR", project.resolve("cache").toString());
    return slipway(terminal, withOwnCache, "build", "--env", "dev", "-f", example.resolve("deploy.groovy").toString(),
        "--set", "baseImage=tar:" + PythonFixtures.baseImageTar(), "--to-tar", project.resolve("images").toString(),
        "--no-index", "--find-links", PythonFixtures.wheelhouse().toString());
  }

  @Test
  void build_onATerminal_progressRedrawnInPlace_nothingOfItLeftAtTheEnd() throws Exception {
    String out = build(true, Map.of("TERM", "xterm-256color"));

    assertTrue(out.contains("\r\u001b[2K[build:web] "), "a progress line drawn over the last: " + out);
    List<String> screen = TerminalScreen.of(out).rows();
    assertTrue(screen.stream().noneMatch(row -> row.contains("%") || row.contains("collected")), "progress left on the screen: " + screen);
    assertTrue(screen.get(screen.size() - 1).startsWith("web: localhost:5000/hello-flask/web:src-"), screen.toString());
  }

  @Test
  void build_toAPipe_plainLinesOnly_noRedraws() throws Exception {
    long started = System.nanoTime();
    String out = build(false, Map.of("TERM", "xterm-256color"));
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

    assertFalse(out.contains("\r") || out.contains("\u001b"), out);
    assertTrue(out.contains("[build:web] resolving app/requirements.txt with pip\n") && out.contains("[build:web] resolved: "), out);
    long progressLines = out.lines().filter(line -> line.startsWith("[build:web] ") && (line.endsWith("%") || line.endsWith("collected"))).count();
    assertTrue(progressLines <= seconds / EventPrinter.LOG_LINES_EVERY.toSeconds() + 1, progressLines + " progress lines in " + seconds + " s: " + out);
  }

  private String deploy(boolean terminal, Map<String, String> environment) throws IOException, InterruptedException {
    return slipway(terminal, environment, "deploy", "--env", "lab", "-f", project.resolve("deploy.groovy").toString());
  }

  private String slipway(boolean terminal, Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
    List<String> slipway = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        SlipwayCommand.class.getName()));
    slipway.addAll(List.of(arguments));
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
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "slipway finished");
    assertEquals(ExitCode.OK, process.exitValue(), out);
    return out;
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
