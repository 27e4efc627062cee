package io.testbed.plugins;

import java.util.Optional;

/**
 * A {@link PluginsException} about a place in a file, rendered the one way every such message is:
 * {@code label:line:col: problem}, then the source line with a caret under the column, then what
 * to do. Positions are 1-based; a problem without a place renders as {@code label: problem}, and
 * without a label as the problem alone.
 */
public class PositionedException extends PluginsException {
  private static final long serialVersionUID = 1L;

  private final String label;
  private final int line;
  private final int column;
  private final String problem;
  private final String snippet;
  private final String hint;

  protected PositionedException(
      String label, int line, int column, String problem, String snippet, String hint,
      Throwable cause) {
    super(render(label, line, column, problem, snippet, hint), cause);
    this.label = label;
    this.line = line;
    this.column = column;
    this.problem = problem;
    this.snippet = snippet;
    this.hint = hint;
  }

  private static String render(
      String label, int line, int column, String problem, String snippet, String hint) {
    StringBuilder sb = new StringBuilder();
    if (label != null) {
      sb.append(label);
      if (line > 0) {
        sb.append(':').append(line).append(':').append(column);
      }
      sb.append(": ");
    }
    sb.append(problem);
    if (snippet != null && !snippet.isEmpty()) {
      sb.append('\n').append(snippet);
    }
    if (hint != null && !hint.isEmpty()) {
      sb.append('\n').append(hint);
    }
    return sb.toString();
  }

  /** The file name or label the problem is in, if any. */
  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  /** 1-based line, or 0 when the problem has no place. */
  public int line() {
    return line;
  }

  /** 1-based column (in code points), or 0 when the problem has no place. */
  public int column() {
    return column;
  }

  /** The problem alone, without place, snippet or hint. */
  public String problem() {
    return problem;
  }

  /** The source line and a caret under the column, indented; empty when there is no place. */
  public String snippet() {
    return snippet == null ? "" : snippet;
  }

  /** What to do about it; empty when there is nothing useful to say. */
  public String hint() {
    return hint == null ? "" : hint;
  }
}
