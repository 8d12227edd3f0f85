package dev.slipway.core.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of TOML that {@code pyproject.toml} uses for what Slipway reads: tables, dotted and
 * quoted keys, strings, arrays over several lines and inline tables. Not a validating parser (the
 * build's own tools reject a broken file): what it cannot read it skips to the end of the line.
 * Numbers, booleans and dates are kept as their text.
 */
public final class TomlTables {

  private final Map<String, Map<String, Object>> tables;

  private TomlTables(Map<String, Map<String, Object>> tables) {
    this.tables = tables;
  }

  public static TomlTables parse(String text) {
    return new TomlTables(new Reader(text).read());
  }

  /** The keys of table {@code name} (e.g. {@code project.scripts}) in file order; empty when absent. */
  public Map<String, Object> table(String name) {
    return Collections.unmodifiableMap(tables.getOrDefault(name, Map.of()));
  }

  /** The string at {@code key} of {@code table}, if it is a string. */
  public Optional<String> string(String table, String key) {
    return table(table).get(key) instanceof String value ? Optional.of(value) : Optional.empty();
  }

  /** The strings of the array at {@code key} of {@code table}; empty when it is not an array. */
  public List<String> strings(String table, String key) {
    if (!(table(table).get(key) instanceof List<?> values)) {
      return List.of();
    }
    return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }

  private static final class Reader {
    private final String text;
    private int at;
    private final Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
    private String current = "";

    Reader(String text) {
      this.text = text;
    }

    Map<String, Map<String, Object>> read() {
      tables.put("", new LinkedHashMap<>());
      while (true) {
        skipBlankAndComments(true);
        if (at >= text.length()) {
          return tables;
        }
        int start = at;
        try {
          if (peek() == '[') {
            header();
          } else {
            List<String> key = key();
            expect('=');
            Object value = value();
            put(current, key, value);
          }
        } catch (IllegalStateException unreadable) {
          at = Math.max(at, start + 1);
        }
        skipToNextLine();
      }
    }

    private void header() {
      boolean arrayOfTables = text.startsWith("[[", at);
      at += arrayOfTables ? 2 : 1;
      List<String> name = key();
      expect(']');
      if (arrayOfTables) {
        expect(']');
      }
      current = String.join(".", name);
      tables.computeIfAbsent(current, n -> new LinkedHashMap<>());
    }

    /** Stores {@code a.b = v} of table {@code t} under table {@code t.a}, as TOML means it. */
    private void put(String table, List<String> key, Object value) {
      List<String> path = new ArrayList<>();
      if (!table.isEmpty()) {
        path.add(table);
      }
      path.addAll(key.subList(0, key.size() - 1));
      tables.computeIfAbsent(String.join(".", path), n -> new LinkedHashMap<>()).put(key.get(key.size() - 1), value);
    }

    private List<String> key() {
      List<String> parts = new ArrayList<>();
      while (true) {
        skipSpaces();
        char c = peek();
        if (c == '"' || c == '\'') {
          parts.add(singleLineString());
        } else {
          int start = at;
          while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == '-')) {
            at++;
          }
          if (start == at) {
            throw new IllegalStateException("no key");
          }
          parts.add(text.substring(start, at));
        }
        skipSpaces();
        if (peek() != '.') {
          return parts;
        }
        at++;
      }
    }

    private Object value() {
      skipSpaces();
      char c = peek();
      if (text.startsWith("\"\"\"", at) || text.startsWith("'''", at)) {
        return multiLineString();
      }
      if (c == '"' || c == '\'') {
        return singleLineString();
      }
      if (c == '[') {
        return array();
      }
      if (c == '{') {
        return inlineTable();
      }
      int start = at;
      while (at < text.length() && ",]}#\n\r".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      String bare = text.substring(start, at).strip();
      if (bare.isEmpty()) {
        throw new IllegalStateException("no value");
      }
      return bare;
    }

    private List<Object> array() {
      expect('[');
      List<Object> values = new ArrayList<>();
      while (true) {
        skipBlankAndComments(true);
        if (peek() == ']') {
          at++;
          return values;
        }
        values.add(value());
        skipBlankAndComments(true);
        if (peek() == ',') {
          at++;
        } else if (peek() != ']') {
          throw new IllegalStateException("unclosed array");
        }
      }
    }

    private Map<String, Object> inlineTable() {
      expect('{');
      Map<String, Object> table = new LinkedHashMap<>();
      while (true) {
        skipSpaces();
        if (peek() == '}') {
          at++;
          return table;
        }
        List<String> key = key();
        expect('=');
        table.put(String.join(".", key), value());
        skipSpaces();
        if (peek() == ',') {
          at++;
        } else if (peek() != '}') {
          throw new IllegalStateException("unclosed inline table");
        }
      }
    }

    private String singleLineString() {
      char quote = text.charAt(at++);
      StringBuilder value = new StringBuilder();
      while (at < text.length() && text.charAt(at) != quote && text.charAt(at) != '\n') {
        char c = text.charAt(at++);
        if (c == '\\' && quote == '"' && at < text.length()) {
          value.append(escaped(text.charAt(at++)));
        } else {
          value.append(c);
        }
      }
      expect(quote);
      return value.toString();
    }

    private String multiLineString() {
      String quotes = text.substring(at, at + 3);
      int end = text.indexOf(quotes, at + 3);
      if (end < 0) {
        throw new IllegalStateException("unclosed string");
      }
      String value = text.substring(at + 3, end);
      at = end + 3;
      return value.startsWith("\n") ? value.substring(1) : value;
    }

    private static char escaped(char c) {
      return switch (c) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        default -> c;
      };
    }

    private void expect(char c) {
      skipSpaces();
      if (peek() != c) {
        throw new IllegalStateException("expected " + c);
      }
      at++;
    }

    private char peek() {
      return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpaces() {
      while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
    }

    private void skipBlankAndComments(boolean newlines) {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '#') {
          while (at < text.length() && text.charAt(at) != '\n') {
            at++;
          }
        } else if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
          at++;
        } else {
          return;
        }
      }
    }

    private void skipToNextLine() {
      while (at < text.length() && text.charAt(at) != '\n') {
        at++;
      }
    }
  }
}
