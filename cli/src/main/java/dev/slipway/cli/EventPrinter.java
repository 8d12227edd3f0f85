package dev.slipway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows the engine's events: plain lines for logs and CI, a redrawn progress line on a terminal,
 * or one JSON object per line ({@code --output json}, schema in the README). Text that came from
 * other programs (a container's log, say) is shown without its terminal escape codes, and the
 * lines after the first of an event are indented under it; {@link Event.Debug} events only with
 * {@code --debug}. Outcomes are coloured only where {@link Terminal} allows it.
 */
final class EventPrinter implements EventListener {

  enum Style {
    PLAIN,
    TTY,
    JSON
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BAR_WIDTH = 24;

  private static final String GREEN = "32";
  private static final String RED = "31";
  private static final String YELLOW = "33";

  private final PrintWriter out;
  private final Style style;
  private final boolean debug;
  private final boolean colours;
  private boolean progressShown;

  /** A printer without colours that leaves {@link Event.Debug} out. */
  EventPrinter(PrintWriter out, Style style) {
    this(out, style, false, false);
  }

  /**
   * @param colours colour the outcomes (done, up to date, FAILED) and the word warning; never in JSON
   */
  EventPrinter(PrintWriter out, Style style, boolean debug, boolean colours) {
    this.out = out;
    this.style = style;
    this.debug = debug;
    this.colours = colours && style != Style.JSON;
  }

  /** The printer for {@code terminal}: JSON when asked for, else a progress bar and colours where the terminal allows them. */
  static EventPrinter to(PrintWriter out, Terminal terminal, boolean json, boolean debug) {
    Style style = json ? Style.JSON : terminal.redraws() ? Style.TTY : Style.PLAIN;
    return new EventPrinter(out, style, debug, terminal.colours());
  }

  @Override
  public synchronized void on(Event event) {
    if (event instanceof Event.Debug && !debug) {
      return;
    }
    switch (style) {
      case JSON -> json(event);
      case TTY -> tty(event);
      case PLAIN -> plain(event);
    }
    out.flush();
  }

  private void plain(Event event) {
    if (event instanceof Event.StepChanged changed) {
      println("[" + changed.stepId() + "] " + state(changed.state()) + ": ", changed.detail());
    } else if (event instanceof Event.Warning warning) {
      println(paint(YELLOW, "warning") + ": ", warning.message());
    } else if (event instanceof Event.StepProgress progress && progress.fraction() < 0) {
      // Lifecycle messages are worth a log line; percentages are not.
      println("[" + progress.stepId() + "] ", progress.detail());
    } else if (event instanceof Event.Debug detail) {
      println("[" + detail.stepId() + "] ", detail.detail());
    }
  }

  /** One event, written at once: its first line, then the others indented under it. */
  private void println(String prefix, String text) {
    out.println(prefix + TerminalText.plain(text).stripTrailing().replace("\n", System.lineSeparator() + "  "));
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
      node.put("detail", TerminalText.plain(changed.detail()));
    } else if (event instanceof Event.StepProgress progress) {
      node.put("type", "progress");
      node.put("step", progress.stepId());
      if (progress.fraction() >= 0) {
        node.put("fraction", Math.round(progress.fraction() * 1000) / 1000.0);
      }
      node.put("detail", TerminalText.plain(progress.detail()));
    } else if (event instanceof Event.Warning warning) {
      node.put("type", "warning");
      node.put("detail", TerminalText.plain(warning.message()));
    } else if (event instanceof Event.Debug detail) {
      node.put("type", "debug");
      node.put("step", detail.stepId());
      node.put("detail", TerminalText.plain(detail.detail()));
    }
    out.println(node.toString());
  }

  private String state(Event.StepState state) {
    return switch (state) {
      case STARTED -> "started";
      case UP_TO_DATE -> paint(GREEN, "up to date");
      case SUCCEEDED -> paint(GREEN, "done");
      case FAILED -> paint(RED, "FAILED");
      case SKIPPED -> "skipped";
    };
  }

  /** {@code text} in an SGR colour when colours are on; reset right after, so nothing else changes colour. */
  private String paint(String colour, String text) {
    return colours ? "\033[" + colour + "m" + text + "\033[0m" : text;
  }
}
