package dev.slipway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.event.Event;
import dev.slipway.core.event.EventListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows the engine's events: plain lines for logs and CI, a redrawn progress line on a terminal,
 * or one JSON object per line ({@code --output json}, schema in the README). Text that came from
 * other programs (a container's log, say) is shown without its terminal escape codes, and the
 * lines after the first of an event are indented under it; {@link Event.Debug} events only with
 * {@code --debug}. Outcomes are coloured only where {@link Terminal} allows it.
 *
 * <p>Progress ({@link Event.Progress}, and {@link Event.StepProgress} with a fraction) comes as
 * often as its emitters see a change, and each style paces it: on a terminal every running step
 * that reports progress has one line at the bottom, redrawn at most {@link #REDRAWS_EVERY} and
 * erased before any other output and when the step ends; in a log a step's progress is a line
 * only when the step printed nothing for {@link #LOG_LINES_EVERY}, so a short step shows none; in JSON at most one event per
 * step {@link #JSON_PROGRESS_EVERY}. The command calls {@link #finish()} before writing anything
 * itself, so that no progress line is left behind when a run ends early.
 */
final class EventPrinter implements EventListener {

  enum Style {
    PLAIN,
    TTY,
    JSON
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BAR_WIDTH = 24;
  static final Duration REDRAWS_EVERY = Duration.ofMillis(100);
  static final Duration LOG_LINES_EVERY = Duration.ofSeconds(5);
  static final Duration JSON_PROGRESS_EVERY = Duration.ofSeconds(1);
  /** Running steps with a progress line of their own; more are summed up in one line. */
  private static final int MOST_PROGRESS_LINES = 5;

  private static final String GREEN = "32";
  private static final String RED = "31";
  private static final String YELLOW = "33";

  private final PrintWriter out;
  private final Style style;
  private final boolean debug;
  private final boolean colours;
  private final int columns;
  /** The progress line of each running step that reported progress, in the order they began. */
  private final Map<String, String> progressLines = new LinkedHashMap<>();
  /** When each step last had a line in a log, or a progress event in JSON. */
  private final Map<String, Instant> lastShown = new HashMap<>();
  private int linesDrawn;
  private Instant lastRedraw = Instant.MIN;

  /** A printer without colours that leaves {@link Event.Debug} out. */
  EventPrinter(PrintWriter out, Style style) {
    this(out, style, false, false);
  }

  /**
   * @param colours colour the outcomes (done, up to date, FAILED) and the word warning; never in JSON
   */
  EventPrinter(PrintWriter out, Style style, boolean debug, boolean colours) {
    this(out, style, debug, colours, Terminal.DEFAULT_COLUMNS);
  }

  /** @param columns how wide a progress line may be on a terminal */
  EventPrinter(PrintWriter out, Style style, boolean debug, boolean colours, int columns) {
    this.out = out;
    this.style = style;
    this.debug = debug;
    this.colours = colours && style != Style.JSON;
    this.columns = columns;
  }

  /** The printer for {@code terminal}: JSON when asked for, else a progress bar and colours where the terminal allows them. */
  static EventPrinter to(PrintWriter out, Terminal terminal, boolean json, boolean debug) {
    Style style = json ? Style.JSON : terminal.redraws() ? Style.TTY : Style.PLAIN;
    return new EventPrinter(out, style, debug, terminal.colours(), terminal.columns());
  }

  /** Erases the progress lines still shown, so that what is written next starts on a clean line. */
  synchronized void finish() {
    out.print(erase());
    progressLines.clear();
    out.flush();
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
      if (changed.state() == Event.StepState.STARTED) {
        lastShown.put(changed.stepId(), changed.time());
      } else {
        lastShown.remove(changed.stepId());
      }
    } else if (event instanceof Event.Warning warning) {
      println(paint(YELLOW, "warning") + ": ", warning.message());
    } else if (isProgress(event)) {
      // A log keeps every line: a long step shows it is alive and how far it got, a short one stays quiet.
      String stepId = stepOf(event);
      Instant last = lastShown.putIfAbsent(stepId, event.time());
      if (last != null && !event.time().isBefore(last.plus(LOG_LINES_EVERY))) {
        println("[" + stepId + "] ", progressText(event));
        lastShown.put(stepId, event.time());
      }
    } else if (event instanceof Event.StepProgress message) {
      println("[" + message.stepId() + "] ", message.detail());
      lastShown.put(message.stepId(), message.time());
    } else if (event instanceof Event.Debug detail) {
      println("[" + detail.stepId() + "] ", detail.detail());
    }
  }

  /** A count or a fraction, which comes often; a {@link Event.StepProgress} without a fraction is a message worth a line. */
  private static boolean isProgress(Event event) {
    return event instanceof Event.Progress || (event instanceof Event.StepProgress progress && progress.fraction() >= 0);
  }

  private static String stepOf(Event event) {
    return event instanceof Event.Progress counted ? counted.stepId() : ((Event.StepProgress) event).stepId();
  }

  /** {@code pushing: 40%}, {@code resolving requirements.txt with pip: 12 packages collected}. */
  private static String progressText(Event event) {
    if (event instanceof Event.Progress counted) {
      return counted.activity() + ": " + counted.count();
    }
    Event.StepProgress progress = (Event.StepProgress) event;
    return progress.detail() + ": " + String.format(Locale.ROOT, "%.0f%%", progress.fraction() * 100);
  }

  /** One event, written at once: its first line, then the others indented under it. */
  private void println(String prefix, String text) {
    out.println(prefix + TerminalText.plain(text).stripTrailing().replace("\n", System.lineSeparator() + "  "));
  }

  private void tty(Event event) {
    if (isProgress(event)) {
      String stepId = stepOf(event);
      boolean newLine = !progressLines.containsKey(stepId);
      progressLines.put(stepId, progressLine(stepId, event));
      if (newLine || !event.time().isBefore(lastRedraw.plus(REDRAWS_EVERY))) {
        out.print(erase() + drawn());
        lastRedraw = event.time();
      }
      return;
    }
    out.print(erase());
    if (event instanceof Event.StepChanged || event instanceof Event.StepProgress) {
      // The step ended, or moved on to something its old progress line no longer describes.
      progressLines.remove(event instanceof Event.StepChanged changed ? changed.stepId() : ((Event.StepProgress) event).stepId());
    }
    plain(event);
    out.print(drawn());
  }

  private String progressLine(String stepId, Event event) {
    String line;
    if (event instanceof Event.StepProgress progress) {
      int filled = (int) Math.round(progress.fraction() * BAR_WIDTH);
      line = "[" + stepId + "] [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
          + String.format(Locale.ROOT, "%3.0f%%", progress.fraction() * 100) + " " + TerminalText.plain(progress.detail());
    } else {
      line = "[" + stepId + "] " + TerminalText.plain(progressText(event));
    }
    String oneLine = line.lines().findFirst().orElse("");
    // A line that wraps takes two rows, and erasing one row would leave the other behind.
    return oneLine.length() < columns ? oneLine : oneLine.substring(0, columns - 2) + "…";
  }

  /** The progress lines, the cursor left at the end of the last: nothing follows until they are erased. */
  private String drawn() {
    List<String> lines = new ArrayList<>(progressLines.values());
    if (lines.size() > MOST_PROGRESS_LINES) {
      int hidden = lines.size() - (MOST_PROGRESS_LINES - 1);
      lines = new ArrayList<>(lines.subList(0, MOST_PROGRESS_LINES - 1));
      lines.add("… and " + hidden + " more steps running");
    }
    linesDrawn = lines.size();
    return String.join("\n", lines);
  }

  /** Erases the progress lines drawn last, leaving the cursor at the start of the first one's row. */
  private String erase() {
    if (linesDrawn == 0) {
      return "";
    }
    StringBuilder erase = new StringBuilder("\r\033[2K");
    erase.append("\033[1A\033[2K".repeat(linesDrawn - 1));
    linesDrawn = 0;
    return erase.toString();
  }

  private void json(Event event) {
    if (isProgress(event)) {
      Instant last = lastShown.get(stepOf(event));
      if (last != null && event.time().isBefore(last.plus(JSON_PROGRESS_EVERY))) {
        return;
      }
      lastShown.put(stepOf(event), event.time());
    } else if (event instanceof Event.StepChanged changed && changed.state() != Event.StepState.STARTED) {
      lastShown.remove(changed.stepId());
    }
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
    } else if (event instanceof Event.Progress counted) {
      node.put("type", "progress");
      node.put("step", counted.stepId());
      if (counted.total().isPresent() && counted.total().getAsLong() > 0) {
        node.put("fraction", Math.round(Math.min(1.0, counted.done() / (double) counted.total().getAsLong()) * 1000) / 1000.0);
      }
      node.put("detail", TerminalText.plain(progressText(counted)));
      node.put("activity", TerminalText.plain(counted.activity()));
      node.put("done", counted.done());
      counted.total().ifPresent(total -> node.put("total", total));
      node.put("unit", counted.unit());
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
