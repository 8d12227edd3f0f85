package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.core.target.Targets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --debug} counts wherever it is written: before the command's name, as the root's option, or after it. */
class DebugOptionTest {

  @Test
  void debug_beforeOrAfterTheCommand_orNot() {
    assertEquals(true, debugOf("--debug", "deploy"));
    assertEquals(true, debugOf("deploy", "--debug"));
    assertEquals(false, debugOf("deploy"));
  }

  private static boolean debugOf(String... args) {
    CommandLine commandLine = SlipwayCommand.newCommandLine(new Workspace(new Targets(java.util.List.of()), Map.of()));
    CommandLine.ParseResult parsed = commandLine.parseArgs(args);
    return ((ScriptCommand) parsed.subcommand().commandSpec().userObject()).debug();
  }
}
