package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code -h}, {@code --help} on every command and {@code --version}: usage or the version on stdout, exit 0. */
class HelpTest {

  static Stream<Arguments> commandsAndHelpOptions() {
    List<String> commands = newCommandLine().getSubcommands().keySet().stream().toList();
    assertTrue(commands.size() >= 14 && commands.contains("completion"), "every command is registered: " + commands);
    return commands.stream().flatMap(command -> Stream.of(Arguments.of(command, "--help"), Arguments.of(command, "-h")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("commandsAndHelpOptions")
  void everyCommand_printsItsUsage_andExits0(String command, String option) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = execute(out, err, command, option);

    assertEquals(ExitCode.OK, exit, "stderr was:\n" + err);
    assertTrue(out.toString().contains("Usage: slipway " + command + " "), "stdout was:\n" + out);
    assertEquals("", err.toString());
    if (!command.equals("help")) {
      assertTrue(out.toString().contains("-h, --help"), "every command documents -h/--help:\n" + out);
    }
  }

  @Test
  void theRootCommand_printsItsUsageWithTheExitCodes() {
    for (String option : List.of("--help", "-h")) {
      StringWriter out = new StringWriter();
      assertEquals(ExitCode.OK, execute(out, new StringWriter(), option));
      assertTrue(out.toString().startsWith("Usage: slipway "), out.toString());
      assertTrue(out.toString().contains("4   the environment's deploy lock is held by someone else"), out.toString());
    }
  }

  @Test
  void version_isTheMavenProjectVersion() {
    String version = System.getProperty("slipway.projectVersion");
    assertNotNull(version, "the build passes the project version to the tests");
    String expected = "slipway " + version;
    for (List<String> args : List.of(List.of("--version"), List.of("-V"), List.of("deploy", "--version"), List.of("completion", "-V"))) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      assertEquals(ExitCode.OK, execute(out, err, args.toArray(String[]::new)), args + ": " + err);
      assertEquals(List.of(expected), out.toString().lines().toList(), args.toString());
    }
  }

  private static int execute(StringWriter out, StringWriter err, String... args) {
    return newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  private static CommandLine newCommandLine() {
    return SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()));
  }
}
