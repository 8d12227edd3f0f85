package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.core.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every broken script under {@code bad-input/} states, in its first two lines, the command to
 * run and the one error line a user must see. Each must exit 2 with exactly that line first and
 * print nothing to standard output.
 */
class BadInputTest {

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path root = Path.of(BadInputTest.class.getResource("/bad-input").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      List<Path> all = dirs.filter(Files::isDirectory).sorted().toList();
      assertTrue(all.size() >= 40, "the bad-input suite must keep at least 40 cases");
      return all.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput_reportsOneLocatedLine_andExits2(Path dir) throws IOException {
    Path script = dir.resolve("deploy.groovy");
    List<String> header = Files.readAllLines(script).subList(0, 2);
    String args = header.get(0).replaceFirst("^// args: ", "");
    String error = header.get(1).replaceFirst("^// error: ", "");
    String file = script.toString();
    String expected = expectedLine(error, file, dir);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> argv = new ArrayList<>(Arrays.asList(args.split(" ")));
    argv.addAll(List.of("-f", file));
    int exit =
        SlipwayCommand.newCommandLine(new Workspace(Targets.discover(), Map.of()))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(argv.toArray(String[]::new));

    String firstLine = err.toString().lines().findFirst().orElse("");
    assertEquals(expected, firstLine, "stderr was:\n" + err);
    assertEquals(ExitCode.INVALID_INPUT, exit);
    assertEquals("", out.toString(), "nothing may reach stdout on invalid input");
    assertTrue(!err.toString().contains("\tat "), "no stack trace without --debug:\n" + err);
  }

  /** {@code 14: message} → {@code /path/deploy.groovy:14: message}; line 0 means no line. */
  private static String expectedLine(String error, String file, Path dir) {
    String resolved = error.replace("@F", file).replace("@D", dir.toString());
    int colon = resolved.indexOf(": ");
    String position = resolved.substring(0, colon);
    String message = resolved.substring(colon + 2);
    return position.equals("0") ? file + ": " + message : file + ":" + position + ": " + message;
  }
}
