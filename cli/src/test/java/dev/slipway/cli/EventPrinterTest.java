package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.event.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The event formats the README documents, one event per line. */
class EventPrinterTest {

  private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void json_everyEventIsOneDocumentedObjectPerLine() throws Exception {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.JSON);

    printer.on(new Event.StepChanged(AT, "build:web", Event.StepState.UP_TO_DATE, "already there"));
    printer.on(new Event.StepProgress(AT, "build:web", 0.5, "building"));
    printer.on(new Event.StepProgress(AT, "build:web", -1, "Pushing manifest"));
    printer.on(new Event.Warning(AT, "careful"));

    List<JsonNode> lines = out.toString().lines().map(EventPrinterTest::parse).toList();
    assertEquals(4, lines.size());
    assertEquals(parse("{\"time\":\"2026-11-25T10:00:00Z\",\"type\":\"step\",\"step\":\"build:web\",\"state\":\"up_to_date\",\"detail\":\"already there\"}"), lines.get(0));
    assertEquals(parse("{\"time\":\"2026-11-25T10:00:00Z\",\"type\":\"progress\",\"step\":\"build:web\",\"fraction\":0.5,\"detail\":\"building\"}"), lines.get(1));
    assertEquals(parse("{\"time\":\"2026-11-25T10:00:00Z\",\"type\":\"progress\",\"step\":\"build:web\",\"detail\":\"Pushing manifest\"}"), lines.get(2));
    assertEquals(parse("{\"time\":\"2026-11-25T10:00:00Z\",\"type\":\"warning\",\"detail\":\"careful\"}"), lines.get(3));
  }

  @Test
  void plain_showsStateChangesAndMessages_notPercentages() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.PLAIN);

    printer.on(new Event.StepChanged(AT, "test:web", Event.StepState.FAILED, "1 of 2 tests failed"));
    printer.on(new Event.StepProgress(AT, "build:web", 0.25, "building"));
    printer.on(new Event.StepProgress(AT, "build:web", -1, "Pushing manifest"));

    assertEquals(List.of("[test:web] FAILED: 1 of 2 tests failed", "[build:web] Pushing manifest"), out.toString().lines().toList());
  }

  /** What a Flask development server logs: werkzeug colours its request lines whether or not it writes to a terminal. */
  private static final String COLOURED_LOG = "web-1  | \u001b[33mGET /healthz HTTP/1.1\u001b[0m 404 -\nweb-1  | Traceback (most recent call last):\r\n"
      + "web-1  | \u001b]0;title\u0007ModuleNotFoundError: No module named 'flask'\n";

  @Test
  void plain_warningWithLogLines_noEscapeCodes_logLinesIndentedUnderIt() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.PLAIN);

    printer.on(new Event.Warning(AT, "last 50 log lines of web:\n" + COLOURED_LOG));
    printer.on(new Event.StepChanged(AT, "deploy:web", Event.StepState.FAILED, "service 'web' exited with code 1 while starting"));

    assertEquals(List.of(
        "warning: last 50 log lines of web:",
        "  web-1  | GET /healthz HTTP/1.1 404 -",
        "  web-1  | Traceback (most recent call last):",
        "  web-1  | ModuleNotFoundError: No module named 'flask'",
        "[deploy:web] FAILED: service 'web' exited with code 1 while starting"), out.toString().lines().toList());
  }

  @Test
  void plain_lineRedrawnWithCarriageReturns_showsWhereItEnded() {
    StringWriter out = new StringWriter();

    new EventPrinter(new PrintWriter(out), EventPrinter.Style.PLAIN).on(new Event.StepProgress(AT, "build:web", -1, "pulling 10%\rpulling 60%\rpulling done"));

    assertEquals("[build:web] pulling done" + System.lineSeparator(), out.toString());
  }

  @Test
  void json_noEscapeCodesInDetails() {
    StringWriter out = new StringWriter();

    new EventPrinter(new PrintWriter(out), EventPrinter.Style.JSON).on(new Event.Warning(AT, "last 50 log lines of web:\n" + COLOURED_LOG));

    assertEquals("last 50 log lines of web:\nweb-1  | GET /healthz HTTP/1.1 404 -\nweb-1  | Traceback (most recent call last):\n"
        + "web-1  | ModuleNotFoundError: No module named 'flask'\n", parse(out.toString()).get("detail").asText());
  }

  @Test
  void debugEvents_onlyWithDebug() {
    Event retry = new Event.Debug(AT, "build:web", "PATCH http://localhost:5000/v2/shop/web/blobs/uploads/1 failed and will be retried");
    StringWriter quiet = new StringWriter();
    StringWriter plain = new StringWriter();
    StringWriter json = new StringWriter();

    new EventPrinter(new PrintWriter(quiet), EventPrinter.Style.PLAIN, false, false).on(retry);
    new EventPrinter(new PrintWriter(plain), EventPrinter.Style.PLAIN, true, false).on(retry);
    new EventPrinter(new PrintWriter(json), EventPrinter.Style.JSON, true, false).on(retry);

    assertEquals("", quiet.toString());
    assertEquals("[build:web] PATCH http://localhost:5000/v2/shop/web/blobs/uploads/1 failed and will be retried" + System.lineSeparator(), plain.toString());
    assertEquals(parse("{\"time\":\"2026-11-25T10:00:00Z\",\"type\":\"debug\",\"step\":\"build:web\",\"detail\":"
        + "\"PATCH http://localhost:5000/v2/shop/web/blobs/uploads/1 failed and will be retried\"}"), parse(json.toString()));
  }

  private static List<String> printed(Terminal terminal, boolean json) {
    StringWriter out = new StringWriter();
    EventPrinter printer = EventPrinter.to(new PrintWriter(out), terminal, json, false);
    printer.on(new Event.StepChanged(AT, "build:web", Event.StepState.UP_TO_DATE, "already there"));
    printer.on(new Event.StepChanged(AT, "deploy:web", Event.StepState.SUCCEEDED, "healthy"));
    printer.on(new Event.StepChanged(AT, "deploy:db", Event.StepState.FAILED, "exited with code 1"));
    printer.on(new Event.Warning(AT, "careful"));
    return out.toString().lines().toList();
  }

  @Test
  void onATerminal_outcomesAndWarningsColoured() {
    assertEquals(List.of(
        "[build:web] \u001b[32mup to date\u001b[0m: already there",
        "[deploy:web] \u001b[32mdone\u001b[0m: healthy",
        "[deploy:db] \u001b[31mFAILED\u001b[0m: exited with code 1",
        "\u001b[33mwarning\u001b[0m: careful"), printed(Terminal.of(Map.of("TERM", "xterm-256color"), true), false));
  }

  @Test
  void noColorSetToAnything_orNoTerminal_orADumbOne_noEscapeCodes() {
    List<String> uncoloured = List.of(
        "[build:web] up to date: already there", "[deploy:web] done: healthy", "[deploy:db] FAILED: exited with code 1", "warning: careful");

    assertEquals(uncoloured, printed(Terminal.of(Map.of("TERM", "xterm-256color", "NO_COLOR", "1"), true), false));
    assertEquals(uncoloured, printed(Terminal.of(Map.of("TERM", "xterm-256color", "NO_COLOR", "false"), true), false));
    assertEquals(uncoloured, printed(Terminal.of(Map.of("TERM", "xterm-256color"), false), false));
    assertEquals(uncoloured, printed(Terminal.of(Map.of("TERM", "dumb"), true), false));
  }

  @Test
  void json_neverColoured_evenOnATerminal() {
    assertTrue(printed(Terminal.of(Map.of("TERM", "xterm-256color"), true), true).stream().noneMatch(line -> line.contains("\u001b")));
  }

  @Test
  void terminal_progressBarOnlyOnAnInteractiveTerminal_coloursWhereNoColorIsUnsetOrEmpty() {
    assertEquals(new Terminal(true, true), Terminal.of(Map.of(), true));
    assertEquals(new Terminal(true, true), Terminal.of(Map.of("NO_COLOR", ""), true), "no-color.org: an empty NO_COLOR is unset");
    assertEquals(new Terminal(true, false), Terminal.of(Map.of("NO_COLOR", "0"), true));
    assertEquals(new Terminal(false, true), Terminal.of(Map.of("CI", "true"), true));
    assertEquals(new Terminal(false, false), Terminal.of(Map.of("TERM", "dumb"), true));
    assertEquals(new Terminal(false, false), Terminal.of(Map.of("TERM", "xterm"), false));
  }

  private static Event.Progress collected(long seconds, long packages) {
    return new Event.Progress(AT.plusSeconds(seconds), "build:web", "resolving requirements.txt with pip", packages, OptionalLong.empty(), "packages collected");
  }

  private static Event.Progress waited(String stepId, Instant at, long seconds) {
    return new Event.Progress(at, stepId, "waiting for its health check", seconds, OptionalLong.of(120), "s");
  }

  @Test
  void plain_progress_aLineOnlyWhenTheStepWasQuietForFiveSeconds_neverRedrawn() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.PLAIN);

    printer.on(new Event.StepChanged(AT, "build:web", Event.StepState.STARTED, "python 3.11"));
    for (int second = 1; second <= 12; second++) {
      printer.on(collected(second, second * 2));
    }
    printer.on(new Event.StepProgress(AT.plusSeconds(13), "build:web", -1, "resolved: 24 distributions"));
    printer.on(new Event.StepProgress(AT.plusSeconds(14), "build:web", 0.5, "pushing"));
    printer.on(new Event.StepChanged(AT.plusSeconds(15), "build:web", Event.StepState.SUCCEEDED, "localhost:5000/web"));

    assertEquals(List.of(
        "[build:web] started: python 3.11",
        "[build:web] resolving requirements.txt with pip: 10 packages collected",
        "[build:web] resolving requirements.txt with pip: 20 packages collected",
        "[build:web] resolved: 24 distributions",
        "[build:web] done: localhost:5000/web"), out.toString().lines().toList());
    assertFalse(out.toString().contains("\r"), "a log keeps every redraw: none");
  }

  @Test
  void plain_aShortStepsProgress_noLine() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.PLAIN);

    printer.on(new Event.StepChanged(AT, "build:web", Event.StepState.STARTED, "python 3.11"));
    printer.on(new Event.StepProgress(AT.plusMillis(300), "build:web", 0.1, "pulling the base image"));
    printer.on(new Event.StepProgress(AT.plusMillis(900), "build:web", 0.9, "pushing"));
    printer.on(new Event.StepChanged(AT.plusSeconds(1), "build:web", Event.StepState.SUCCEEDED, "localhost:5000/web"));

    assertEquals(List.of("[build:web] started: python 3.11", "[build:web] done: localhost:5000/web"), out.toString().lines().toList());
  }

  @Test
  void tty_progressRedrawnOnOneLine_erasedWhenTheStepEnds_noGarbageLeft() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.TTY);

    printer.on(new Event.StepChanged(AT, "build:web", Event.StepState.STARTED, "python 3.11"));
    printer.on(collected(1, 3));
    TerminalScreen whileResolving = TerminalScreen.of(out.toString());
    printer.on(collected(2, 7));
    printer.on(new Event.StepProgress(AT.plusSeconds(3), "build:web", 0.5, "pushing"));
    TerminalScreen whilePushing = TerminalScreen.of(out.toString());
    printer.on(new Event.StepChanged(AT.plusSeconds(4), "build:web", Event.StepState.SUCCEEDED, "localhost:5000/web"));

    assertEquals(List.of("[build:web] started: python 3.11", "[build:web] resolving requirements.txt with pip: 3 packages collected"), whileResolving.rows());
    assertEquals(List.of("[build:web] started: python 3.11", "[build:web] [############            ]  50% pushing"), whilePushing.rows());
    assertEquals(List.of("[build:web] started: python 3.11", "[build:web] done: localhost:5000/web"), TerminalScreen.of(out.toString()).rows());
    assertTrue(out.toString().contains("\r\u001b[2K[build:web] resolving requirements.txt with pip: 7 packages collected"), "redrawn in place: " + out);
  }

  @Test
  void tty_otherOutputWhileProgressIsShown_printedAboveIt_progressLineRedrawnBelow() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.TTY);

    printer.on(waited("deploy:api", AT, 3));
    printer.on(new Event.Warning(AT.plusSeconds(1), "careful"));

    assertEquals(List.of("warning: careful", "[deploy:api] waiting for its health check: 3 of 120 s"), TerminalScreen.of(out.toString()).rows());
  }

  @Test
  void tty_redrawsAtMostTenTimesASecond() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.TTY);

    for (int tick = 0; tick < 100; tick++) {
      printer.on(new Event.StepProgress(AT.plusMillis(tick * 10L), "build:web", tick / 100.0, "pushing"));
    }

    long redraws = out.toString().chars().filter(c -> c == '\r').count();
    assertTrue(redraws >= 9 && redraws <= 11, "one second of progress every 10 ms redrew " + redraws + " times");
  }

  @Test
  void tty_stepsInParallel_aLineEach_theEndedOneRemoved_finishErasesTheRest() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.TTY);

    printer.on(waited("deploy:api", AT, 1));
    printer.on(waited("deploy:worker", AT.plusMillis(10), 1));
    printer.on(waited("deploy:api", AT.plusSeconds(1), 2));
    assertEquals(List.of(
        "[deploy:api] waiting for its health check: 2 of 120 s",
        "[deploy:worker] waiting for its health check: 1 of 120 s"), TerminalScreen.of(out.toString()).rows());

    printer.on(new Event.StepChanged(AT.plusSeconds(2), "deploy:api", Event.StepState.FAILED, "exited with code 1"));
    assertEquals(List.of("[deploy:api] FAILED: exited with code 1", "[deploy:worker] waiting for its health check: 1 of 120 s"), TerminalScreen.of(out.toString()).rows());

    printer.finish();
    out.write("error: deploy failed\n");
    assertEquals(List.of("[deploy:api] FAILED: exited with code 1", "error: deploy failed"), TerminalScreen.of(out.toString()).rows());
  }

  @Test
  void tty_manyStepsInParallel_fiveLinesAtMost() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.TTY);

    for (int service = 1; service <= 8; service++) {
      printer.on(waited("deploy:s" + service, AT.plusSeconds(service), service));
    }

    List<String> rows = TerminalScreen.of(out.toString()).rows();
    assertEquals(5, rows.size(), rows.toString());
    assertEquals("… and 4 more steps running", rows.get(4));
  }

  @Test
  void tty_progressLineLongerThanTheTerminal_cutSoItCannotWrap() {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.TTY, false, false, 40);

    printer.on(new Event.Progress(AT, "build:web", "resolving services/web/requirements/production.txt with pip", 3, OptionalLong.empty(), "packages"));

    assertEquals(List.of("[build:web] resolving services/web/req…"), TerminalScreen.of(out.toString()).rows(), "39 columns and the cursor");
  }

  @Test
  void terminal_widthFromColumns_else80() {
    assertEquals(132, Terminal.of(Map.of("COLUMNS", "132"), true).columns());
    assertEquals(80, Terminal.of(Map.of("COLUMNS", "wide"), true).columns());
    assertEquals(80, Terminal.of(Map.of(), true).columns());
  }

  @Test
  void json_countedProgress_documentedFields_atMostOnePerStepASecond() throws Exception {
    StringWriter out = new StringWriter();
    EventPrinter printer = new EventPrinter(new PrintWriter(out), EventPrinter.Style.JSON);

    printer.on(waited("deploy:api", AT, 14));
    printer.on(waited("deploy:api", AT.plusMillis(500), 14));
    printer.on(waited("deploy:api", AT.plusSeconds(1), 15));

    List<JsonNode> lines = out.toString().lines().map(EventPrinterTest::parse).toList();
    assertEquals(2, lines.size(), out.toString());
    assertEquals(parse("{\"time\":\"2026-11-25T10:00:00Z\",\"type\":\"progress\",\"step\":\"deploy:api\",\"fraction\":0.117,"
        + "\"detail\":\"waiting for its health check: 14 of 120 s\",\"activity\":\"waiting for its health check\",\"done\":14,\"total\":120,\"unit\":\"s\"}"), lines.get(0));
    assertEquals(15, lines.get(1).get("done").asInt());
  }

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
