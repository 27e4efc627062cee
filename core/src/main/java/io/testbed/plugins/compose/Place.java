package io.testbed.plugins.compose;

import io.testbed.plugins.yaml.Source;

/**
 * Where something is written: a file (or label), a 1-based line and a 1-based column in code
 * points. Renders as {@code file:line:col}, the form editors and compilers use.
 */
public record Place(String file, int line, int column) {

  /** The place of a {@code char} offset in a text. */
  public static Place of(Source src, int offset) {
    return new Place(src.label, src.displayLine(offset), src.displayColumn(offset));
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
