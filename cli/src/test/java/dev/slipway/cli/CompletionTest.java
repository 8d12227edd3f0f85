package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway completion bash}, sourced in a real bash, completes what a user types and presses
 * TAB after: bash calls the function the script registered for {@code slipway} with {@code
 * COMP_WORDS} and {@code COMP_CWORD} set, and shows what it leaves in {@code COMPREPLY}.
 */
class CompletionTest {

  @TempDir static Path dir;
  private static Path script;

  @BeforeAll
  static void generate() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCommand.newCommandLine(new Workspace(new Targets(List.of()), Map.of()))
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("completion", "bash");
    assertEquals(ExitCode.OK, exit, err.toString());
    script = Files.writeString(dir.resolve("slipway.bash"), out.toString());
  }

  @Test
  void commandName_completes() throws Exception {
    assertEquals(List.of("deploy"), complete("slipway", "dep"));
    assertEquals(List.of("destroy"), complete("slipway", "des"));
  }

  @Test
  void optionOfACommand_completes() throws Exception {
    assertEquals(List.of("--env"), complete("slipway", "deploy", "--en"));
    assertTrue(complete("slipway", "plan", "--").containsAll(List.of("--env", "--strict", "--output", "--file", "--help")));
  }

  @Test
  void valuesOfAnArgument_complete() throws Exception {
    assertEquals(List.of("bash", "zsh"), complete("slipway", "completion", ""));
    assertEquals(List.of("json"), complete("slipway", "plan", "--output", "j"));
  }

  @Test
  void zsh_getsTheSameScript_whichLoadsBashcompinitThere() throws Exception {
    StringWriter out = new StringWriter();
    SlipwayCommand.newCommandLine(new Workspace(new Targets(List.of()), Map.of())).setOut(new PrintWriter(out)).execute("completion", "zsh");

    assertEquals(Files.readString(script), out.toString());
    assertTrue(out.toString().contains("bashcompinit"), "zsh runs bash completion functions through bashcompinit");
  }

  /** What bash offers for the last word of {@code words}, as TAB would. */
  private static List<String> complete(String... words) throws IOException, InterruptedException {
    String line = String.join(" ", words);
    String program = String.join("\n",
        "source \"$1\"",
        "function=$(complete -p slipway | sed -E 's/.* -F ([^ ]+) .*/\\1/')",
        "COMP_WORDS=(" + Arrays.stream(words).map(word -> "'" + word + "'").collect(Collectors.joining(" ")) + ")",
        "COMP_CWORD=" + (words.length - 1),
        "COMP_LINE='" + line + "'",
        "COMP_POINT=${#COMP_LINE}",
        "\"$function\" slipway \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"",
        "printf '%s\\n' \"${COMPREPLY[@]}\"");
    Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program, "bash", script.toString()).start();
    assertTrue(bash.waitFor(20, TimeUnit.SECONDS), "bash finished");
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, bash.exitValue(), err);
    return out.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
  }
}
