package dev.slipway.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows after the printer's output: carriage return, line feed, erase line
 * ({@code ESC[2K}) and cursor up ({@code ESC[1A}); colours are dropped. It does not wrap long
 * lines or scroll, which the printer avoids needing.
 */
record TerminalScreen(List<String> rows) {

static TerminalScreen of(String output) {
    List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
    int row = 0;
    int column = 0;
    for (int i = 0; i < output.length(); i++) {
      char c = output.charAt(i);
      if (c == '\u001b') {
        int end = i + 2;
        while (!Character.isLetter(output.charAt(end))) {
          end++;
        }
        String sequence = output.substring(i, end + 1);
        if (sequence.equals("\u001b[2K")) {
          rows.get(row).setLength(0);
        } else if (sequence.equals("\u001b[1A")) {
          row--;
        }
        i = end;
      } else if (c == '\r') {
        column = 0;
      } else if (c == '\n') {
        row++;
        column = 0;
        if (row == rows.size()) {
          rows.add(new StringBuilder());
        }
      } else {
        StringBuilder line = rows.get(row);
        while (line.length() < column) {
          line.append(' ');
        }
        if (column < line.length()) {
          line.setCharAt(column, c);
        } else {
          line.append(c);
        }
        column++;
      }
    }
    return new TerminalScreen(rows.stream().map(StringBuilder::toString).filter(line -> !line.isEmpty()).toList());
  }
}
