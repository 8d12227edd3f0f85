package dev.slipway.cli;

import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Text from other programs (container logs, the Compose CLI) as a log file should hold it: their
 * colours and cursor movements removed, and a line they redrew ({@code \r}) as it ended up.
 */
final class TerminalText {

  private static final Pattern ESCAPE_SEQUENCE = Pattern.compile(String.join("|",
      "\\x1B\\[[0-?]*[ -/]*[@-~]",                  // CSI: colours, cursor movement, erasing
      "\\x1B\\][^\\x07\\x1B]*(?:\\x07|\\x1B\\\\)",  // OSC: window titles, hyperlinks
      "\\x1B[()][0-9A-Za-z]",                       // character set selection
      "\\x1B[@-Z\\\\-_]"));                         // the other two-character sequences
  private static final Pattern OTHER_CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

  private TerminalText() {}

  static String plain(String text) {
    String withoutEscapes = ESCAPE_SEQUENCE.matcher(text.replace("\r\n", "\n")).replaceAll("");
    StringJoiner lines = new StringJoiner("\n");
    for (String line : withoutEscapes.split("\n", -1)) {
      String redrawn = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      lines.add(redrawn.substring(redrawn.lastIndexOf('\r') + 1));
    }
    return OTHER_CONTROL.matcher(lines.toString()).replaceAll("");
  }
}
