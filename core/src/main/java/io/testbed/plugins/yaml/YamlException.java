package io.testbed.plugins.yaml;

import io.testbed.plugins.PluginsException;

/**
 * The YAML layer's one exception: the text is not YAML this layer accepts (a syntax error, a
 * character the reader refuses, a duplicate or non-text key, an alias problem). Its message is
 * complete and rendered like every positioned message in the project: {@code label:line:col:
 * problem}, the source line with a caret under the column, then what to do. Positions are 1-based;
 * a problem without a place renders as {@code label: problem}.
 */
public final class YamlException extends PluginsException {
  private static final long serialVersionUID = 1L;

  private final String label;
  private final int line;
  private final int column;
  private final String problem;
  private final String snippet;
  private final String hint;

  YamlException(
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

  /**
   * The message form shared by every positioned error: {@code label:line:col: problem}, then the
   * snippet and the hint on lines of their own. A null label, a line of 0 or an empty snippet or
   * hint is left out.
   */
  public static String render(
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

  /** The file name or label the problem is in; null when the text has none. */
  public String label() {
    return label;
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

  /** The source line and caret, indented; null when the problem has no place. */
  public String snippet() {
    return snippet;
  }

  /** What to do about it; null when there is nothing useful to say. */
  public String hint() {
    return hint;
  }
}
