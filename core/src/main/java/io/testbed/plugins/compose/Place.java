package io.testbed.plugins.compose;

/**
 * Where something is written: a file (or label), a 1-based line and a 1-based column in code
 * points. Renders as {@code file:line:col}, the form editors and compilers use.
 */
public record Place(String file, int line, int column) {

  static Place of(Source src, int offset) {
    int line = src.lineOf(offset);
    int col = src.column(offset);
    if (line == 0 && src.bomLength > 0) {
      col = Math.max(col - 1, 1);
    }
    return new Place(src.label, line + 1, col);
  }

  /** {@code file:line}, for messages that point at a whole line. */
  public String fileAndLine() {
    return file + ":" + line;
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
