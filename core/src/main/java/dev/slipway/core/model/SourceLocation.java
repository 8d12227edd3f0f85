package dev.slipway.core.model;

/**
 * Where something was written in a deploy script, so every error can point at it.
 *
 * @param file the script's name as the user knows it, e.g. {@code deploy.groovy}
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record SourceLocation(String file, int line, int column) {

  public static final SourceLocation UNKNOWN = new SourceLocation("deploy.groovy", 0, 0);

  public static SourceLocation at(String file, int line) {
    return new SourceLocation(file, line, 0);
  }

  /** {@code deploy.groovy:14} or {@code deploy.groovy:14:5}, the form editors and terminals link. */
  @Override
  public String toString() {
    if (line <= 0) {
      return file;
    }
    return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
  }
}
