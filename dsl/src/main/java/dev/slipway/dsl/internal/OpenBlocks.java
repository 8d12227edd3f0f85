package dev.slipway.dsl.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The blocks a script leaves open at its end. Groovy reports a missing closing brace at the end
 * of the file, or at an outer brace, never where the unclosed block began; this finds that line
 * by matching braces, skipping those in strings and comments. Slashy strings ({@code /a{2}/})
 * cannot be told from division without parsing, and are read as code.
 */
final class OpenBlocks {

  private final List<Brace> open;
  private final Optional<Brace> unclosed;

  /**
   * One {@code {} with no partner.
   *
   * @param line 1-based
   * @param column 1-based
   * @param opening the line up to and including the brace, trimmed, e.g. {@code service('api') {}
   */
  record Brace(int line, int column, String opening) {}

  /**
   * What a {@code }} closes: a block in code, or a {@code ${...}} in a string of this quote.
   *
   * @param indent the indentation of the brace's line
   */
  private record Frame(Brace brace, String quote, int indent) {}

  private final String text;
  private int at;
  private int line = 1;
  private int lineStart;
  /** The first block whose {@code }} sits left of the line that opened it, see {@link #unclosed()}. */
  private Brace outdented;

  private OpenBlocks(String text) {
    this.text = text;
    this.open = scan();
    this.unclosed = open.isEmpty() ? Optional.empty() : Optional.of(outdented == null ? open.get(0) : outdented);
  }

  static OpenBlocks in(String text) {
    return new OpenBlocks(text);
  }

  /** The braces still open at the end, innermost first. */
  List<Brace> open() {
    return open;
  }

  /**
   * The block the author most likely left open, when one is: by matching alone it is an outer
   * one, since the {@code }} meant for that closed the inner block. In an indented script the
   * inner block gives itself away: its {@code }} is less indented than the line that opened it.
   * Without such a sign, the innermost block still open.
   */
  Optional<Brace> unclosed() {
    return unclosed;
  }

  private List<Brace> scan() {
    Deque<Frame> open = new ArrayDeque<>();
    if (text.startsWith("#!")) {
      skipPast("\n");
    }
    String quote = null;
    while (at < text.length()) {
      if (quote != null) {
        quote = inString(quote, open);
        continue;
      }
      char c = text.charAt(at);
      if (text.startsWith("//", at)) {
        skipPast("\n");
      } else if (text.startsWith("/*", at)) {
        skipPast("*/");
      } else if (text.startsWith("'''", at) || text.startsWith("\"\"\"", at)) {
        quote = text.substring(at, at + 3);
        advance(3);
      } else if (c == '\'' || c == '"') {
        quote = String.valueOf(c);
        advance(1);
      } else if (c == '{') {
        open.push(new Frame(new Brace(line, at - lineStart + 1, text.substring(lineStart, at + 1).strip()), null, indent()));
        advance(1);
      } else if (c == '}') {
        Frame closed = open.poll();
        quote = closed == null ? null : closed.quote();
        boolean startsItsLine = text.substring(lineStart, at).isBlank();
        if (outdented == null && closed != null && quote == null && startsItsLine && indent() < closed.indent()) {
          outdented = closed.brace();
        }
        advance(1);
      } else {
        advance(1);
      }
    }
    return open.stream().filter(f -> f.quote() == null).map(Frame::brace).toList();
  }

  /** Reads on in a string; returns the quote still open, or null once it ends or a {@code ${} starts code. */
  private String inString(String quote, Deque<Frame> open) {
    char c = text.charAt(at);
    if (c == '\\') {
      advance(2);
      return quote;
    }
    if (text.startsWith(quote, at)) {
      advance(quote.length());
      return null;
    }
    // A one-line string the author forgot to close ends with its line, so one quote does not swallow the file.
    if (c == '\n' && quote.length() == 1) {
      advance(1);
      return null;
    }
    if (quote.startsWith("\"") && text.startsWith("${", at)) {
      open.push(new Frame(null, quote, 0));
      advance(2);
      return null;
    }
    advance(1);
    return quote;
  }

  private int indent() {
    int end = lineStart;
    while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
      end++;
    }
    return end - lineStart;
  }

  private void skipPast(String end) {
    int found = text.indexOf(end, at);
    advance(found < 0 ? text.length() - at : found - at + end.length());
  }

  private void advance(int count) {
    int to = Math.min(at + count, text.length());
    for (; at < to; at++) {
      if (text.charAt(at) == '\n') {
        line++;
        lineStart = at + 1;
      }
    }
  }
}
