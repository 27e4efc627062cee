package io.testbed.plugins.compose;

import io.testbed.plugins.PluginsException;
import io.testbed.plugins.yaml.Source;
import io.testbed.plugins.yaml.YamlException;
import java.util.Optional;

/**
 * The compose package's one exception. Its message is complete: {@code path:line:col: message},
 * then the source line with a caret under the column, then what to do. Positions are 1-based; a
 * problem without a place renders as {@code path: message}.
 */
public final class ComposeException extends PluginsException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is, for callers that react differently (e.g. retry a conflict). */
  public enum Kind {
    /** The input is not a valid compose file. */
    INVALID,
    /** Bad request: unknown service, bad variable name. */
    USAGE,
    /** The file changed on disk, or another process holds the edit lock. Re-reading may help. */
    CONFLICT,
    /** Reading or writing the file failed. */
    IO,
    /** A bug: the planned edit did not verify. Nothing was written. */
    INTERNAL
  }

  private final Kind kind;
  private final String label;
  private final int line;
  private final int column;
  private final String problem;
  private final String hint;

  ComposeException(
      Kind kind, String label, int line, int column, String problem, String snippet, String hint,
      Throwable cause) {
    super(YamlException.render(label, line, column, problem, snippet, hint), cause);
    this.kind = kind;
    this.label = label;
    this.line = line;
    this.column = column;
    this.problem = problem;
    this.hint = hint;
  }

  static ComposeException of(Kind kind, String label, String problem, String hint) {
    return new ComposeException(kind, label, 0, 0, problem, null, hint, null);
  }

  static ComposeException of(Kind kind, String label, String problem, String hint, Throwable cause) {
    return new ComposeException(kind, label, 0, 0, problem, null, hint, cause);
  }

  /** A problem at a place in a file's text. */
  static ComposeException at(Source src, Kind kind, int offset, String problem, String hint) {
    return at(src, kind, offset, problem, hint, null);
  }

  static ComposeException at(
      Source src, Kind kind, int offset, String problem, String hint, Throwable cause) {
    return new ComposeException(kind, src.label, src.displayLine(offset),
        src.displayColumn(offset), problem, src.snippet(offset), hint, cause);
  }

  /** The YAML layer's refusal of a file, with the same message: the file is not valid. */
  static ComposeException invalid(YamlException e) {
    return new ComposeException(Kind.INVALID, e.label(), e.line(), e.column(), e.problem(),
        e.snippet(), e.hint(), e);
  }

  public Kind kind() {
    return kind;
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

  /** What to do about it; empty when there is nothing useful to say. */
  public String hint() {
    return hint == null ? "" : hint;
  }
}
