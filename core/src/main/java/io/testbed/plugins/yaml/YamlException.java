package io.testbed.plugins.yaml;

import io.testbed.plugins.PositionedException;

/**
 * The YAML layer's one exception: the text is not YAML this layer accepts (a syntax error, a
 * character the reader refuses, a duplicate or non-text key, an alias problem). The message is
 * complete: {@code label:line:col: problem}, the source line with a caret under the column, then
 * what to do.
 */
public final class YamlException extends PositionedException {
  private static final long serialVersionUID = 1L;

  YamlException(
      String label, int line, int column, String problem, String snippet, String hint,
      Throwable cause) {
    super(label, line, column, problem, snippet, hint, cause);
  }
}
