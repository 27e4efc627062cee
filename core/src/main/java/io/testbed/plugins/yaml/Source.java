package io.testbed.plugins.yaml;

import java.util.Arrays;

/**
 * The text of a YAML file and the position arithmetic over it. Offsets are Java {@code char}
 * indexes into {@link #text} (which keeps a leading BOM); SnakeYAML marks count code points in the
 * text after the BOM and are converted with {@link #charOffset(int)}.
 */
public final class Source {
  public final String label;
  public final String text;
  public final int bomLength;
  private final int[] codePointToChar; // null when every code point is one char
  private int[] lineStarts;

  public Source(String label, String text) {
    this.label = label;
    this.text = text;
    this.bomLength = text.startsWith("\uFEFF") ? 1 : 0;
    String body = body();
    int cps = body.codePointCount(0, body.length());
    if (cps == body.length()) {
      codePointToChar = null;
    } else {
      codePointToChar = new int[cps + 1];
      int ci = 0;
      for (int cp = 0; cp < cps; cp++) {
        codePointToChar[cp] = ci;
        ci += Character.charCount(body.codePointAt(ci));
      }
      codePointToChar[cps] = ci;
    }
  }

  /** The text the YAML parser sees: everything after the BOM. */
  String body() {
    return text.substring(bomLength);
  }

  /** Char offset in {@link #text} of a code point index reported by SnakeYAML. */
  int charOffset(int codePointIndex) {
    int i = codePointIndex;
    if (codePointToChar != null) {
      i = codePointToChar[Math.min(Math.max(i, 0), codePointToChar.length - 1)];
    }
    return Math.min(i + bomLength, text.length());
  }

  private int[] lineStarts() {
    if (lineStarts == null) {
      int[] starts = new int[16];
      int n = 0;
      starts[n++] = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
          if (n == starts.length) {
            starts = Arrays.copyOf(starts, n * 2);
          }
          starts[n++] = i + 1;
        }
      }
      lineStarts = Arrays.copyOf(starts, n);
    }
    return lineStarts;
  }

  /** The number of lines (a final line break does not start another). */
  public int lineCount() {
    int[] starts = lineStarts();
    return starts[starts.length - 1] == text.length() ? starts.length - 1 : starts.length;
  }

  /** Offset of the start of 0-based line {@code line}. */
  public int startOfLine(int line) {
    return lineStarts()[line];
  }

  /** The text of 0-based line {@code line}, without its line break. */
  public String line(int line) {
    int start = startOfLine(line);
    return text.substring(start, lineEnd(start));
  }

  /** 0-based line of an offset. */
  public int lineOf(int offset) {
    int[] starts = lineStarts();
    int idx = Arrays.binarySearch(starts, offset);
    return idx >= 0 ? idx : -idx - 2;
  }

  public int lineStart(int offset) {
    return lineStarts()[lineOf(offset)];
  }

  /** Offset of the line break (or end of text) of the line holding {@code offset}. */
  public int lineEnd(int offset) {
    int[] starts = lineStarts();
    int line = lineOf(offset);
    if (line + 1 >= starts.length) {
      return text.length();
    }
    int next = starts[line + 1];
    return next >= 2 && text.charAt(next - 1) == '\n' && text.charAt(next - 2) == '\r'
        ? next - 2 : next - 1;
  }

  /** The line break at {@code lineEnd}: "\r\n", "\n", "\r" or "" at the end of the text. */
  public String breakAt(int lineEnd) {
    if (lineEnd >= text.length()) {
      return "";
    }
    if (text.charAt(lineEnd) == '\r') {
      return lineEnd + 1 < text.length() && text.charAt(lineEnd + 1) == '\n' ? "\r\n" : "\r";
    }
    return "\n";
  }

  /** The file's usual line break: CRLF if it has any, else LF (lone CR if that is all it has). */
  public String lineBreak() {
    if (text.contains("\r\n")) {
      return "\r\n";
    }
    if (!text.contains("\n") && text.contains("\r")) {
      return "\r";
    }
    return "\n";
  }

  /** 1-based column in code points, as editors and SnakeYAML show it. */
  public int column(int offset) {
    int start = lineStart(offset);
    return text.codePointCount(start, Math.min(offset, text.length())) + 1;
  }

  /** Longest source line shown whole in a message; longer ones are cut around the column. */
  public static final int SNIPPET_WIDTH = 160;

  /**
   * The source line at an offset and a caret under it, indented for messages. A long line is cut to
   * {@value #SNIPPET_WIDTH} chars around the offset, marked with "…"; characters a terminal would
   * act on or hide are shown as U+FFFD.
   */
  public String snippet(int offset) {
    int line = lineOf(offset);
    int start = lineStart(offset);
    int end = lineEnd(start);
    if (line == 0 && bomLength > 0) {
      start = Math.min(start + bomLength, end);
      offset = Math.max(offset, start);
    }
    int from = start;
    int to = end;
    if (end - start > SNIPPET_WIDTH) {
      from = Math.max(start, Math.min(offset - SNIPPET_WIDTH / 2, end - SNIPPET_WIDTH));
      to = Math.min(end, from + SNIPPET_WIDTH);
      if (from > start && Character.isLowSurrogate(text.charAt(from))) {
        from++;
      }
      if (to < end && Character.isLowSurrogate(text.charAt(to))) {
        to++;
      }
    }
    StringBuilder shown = new StringBuilder(to - from + 8).append(from > start ? "…" : "");
    StringBuilder caret = new StringBuilder().append(from > start ? " " : "");
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      shown.append(c != '\t' && (c < 0x20 || c >= 0x7F && c < 0xA0 || c == '\u2028'
          || c == '\u2029' || c == '\uFEFF') ? '\uFFFD' : c);
      if (i < offset && !Character.isLowSurrogate(c)) {
        caret.append(c == '\t' ? '\t' : ' ');
      }
    }
    return "    " + shown.append(to < end ? "…" : "") + "\n    " + caret + "^";
  }

  /** 1-based line of an offset, as messages show it. */
  public int displayLine(int offset) {
    return lineOf(offset) + 1;
  }

  /** 1-based column of an offset in code points, not counting a BOM on the first line. */
  public int displayColumn(int offset) {
    int col = column(offset);
    if (lineOf(offset) == 0 && bomLength > 0) {
      col = Math.max(col - 1, 1);
    }
    return col;
  }

  YamlException error(int offset, String problem, String hint) {
    return error(offset, problem, hint, null);
  }

  YamlException error(int offset, String problem, String hint, Throwable cause) {
    return new YamlException(label, displayLine(offset), displayColumn(offset), problem,
        snippet(offset), hint, cause);
  }
}
