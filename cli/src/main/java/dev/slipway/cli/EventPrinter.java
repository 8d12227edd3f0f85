package dev.slipway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows the engine's events: plain lines for logs and CI, a redrawn progress line on a terminal,
 * or one JSON object per line ({@code --output json}, schema in the README).
 */
final class EventPrinter implements EventListener {

  enum Style {
    PLAIN,
    TTY,
    JSON
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BAR_WIDTH = 24;

  private final PrintWriter out;
  private final Style style;
  private boolean progressShown;

  EventPrinter(PrintWriter out, Style style) {
    this.out = out;
    this.style = style;
  }

  static Style styleFor(boolean json) {
    if (json) {
      return Style.JSON;
    }
    return System.console() != null && System.getenv("CI") == null ? Style.TTY : Style.PLAIN;
  }

  @Override
  public synchronized void on(Event event) {
    switch (style) {
      case JSON -> json(event);
      case TTY -> tty(event);
      case PLAIN -> plain(event);
    }
    out.flush();
  }

  private void plain(Event event) {
    if (event instanceof Event.StepChanged changed) {
      out.println(line(changed));
    } else if (event instanceof Event.Warning warning) {
      out.println("warning: " + warning.message());
    } else if (event instanceof Event.StepProgress progress && progress.fraction() < 0) {
      // Lifecycle messages are worth a log line; percentages are not.
      out.println("[" + progress.stepId() + "] " + progress.detail());
    }
  }

  private void tty(Event event) {
    if (event instanceof Event.StepProgress progress) {
      if (progress.fraction() >= 0) {
        int filled = (int) Math.round(progress.fraction() * BAR_WIDTH);
        out.print("\r\033[2K[" + progress.stepId() + "] [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
            + String.format(Locale.ROOT, "%3.0f%%", progress.fraction() * 100));
        progressShown = true;
      }
      return;
    }
    if (progressShown) {
      out.print("\r\033[2K");
      progressShown = false;
    }
    plain(event);
  }

  private void json(Event event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("time", event.time().toString());
    if (event instanceof Event.StepChanged changed) {
      node.put("type", "step");
      node.put("step", changed.stepId());
      node.put("state", changed.state().name().toLowerCase(Locale.ROOT));
      node.put("detail", changed.detail());
    } else if (event instanceof Event.StepProgress progress) {
      node.put("type", "progress");
      node.put("step", progress.stepId());
      if (progress.fraction() >= 0) {
        node.put("fraction", Math.round(progress.fraction() * 1000) / 1000.0);
      }
      node.put("detail", progress.detail());
    } else if (event instanceof Event.Warning warning) {
      node.put("type", "warning");
      node.put("detail", warning.message());
    }
    out.println(node.toString());
  }

  private static String line(Event.StepChanged changed) {
    String state =
        switch (changed.state()) {
          case STARTED -> "started";
          case UP_TO_DATE -> "up to date";
          case SUCCEEDED -> "done";
          case FAILED -> "FAILED";
          case SKIPPED -> "skipped";
        };
    return "[" + changed.stepId() + "] " + state + ": " + changed.detail();
  }
}
