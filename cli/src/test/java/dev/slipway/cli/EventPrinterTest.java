package dev.slipway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.event.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
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

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
