package io.testbed.plugins.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Unified diffs of planned edits, with secret values masked. The hunks come from the edits
 * themselves (no line diff of the whole file), and masking is a single left-to-right scan of each
 * printed line: both are linear in the size of the lines they print.
 */
public final class Diffs {
  /** Lines of context around each change. */
  public static final int CONTEXT = 3;

  /** Words that make a key's value a secret (matched anywhere in the key, any case). */
  private static final List<String> SECRET_WORDS = List.of("PASSWORD", "PASSWD", "PASS", "SECRET",
      "TOKEN", "ACCESS_KEY", "ACCESSKEY", "PRIVATE_KEY", "API_KEY", "APIKEY", "CREDENTIAL", "AUTH",
      "SESSION_KEY", "SIGNING_KEY", "ENCRYPTION_KEY");

  private Diffs() {}

  /** Whether a key names a secret: it contains PASSWORD, SECRET, TOKEN, ACCESS_KEY, … */
  public static boolean isSecretKey(String key) {
    String upper = key.toUpperCase(Locale.ROOT);
    for (String w : SECRET_WORDS) {
      if (upper.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /** One changed run: original lines {@code [from, to)} become {@code lines}. */
  private record Change(int from, int to, List<String> lines) {}

  /**
   * The unified diff ({@code a/FILE}, {@code b/FILE}) of applying {@code edits} (non-overlapping,
   * in any order) to the text of {@code src}; empty when the text does not change.
   */
  public static String unified(Source src, List<TextEdit> edits, boolean showSecrets) {
    List<Change> changes = changes(src, edits);
    if (changes.isEmpty()) {
      return "";
    }
    String name = src.label.replaceFirst("^/+", "");
    StringBuilder sb = new StringBuilder("--- a/").append(name).append("\n+++ b/").append(name)
        .append('\n');
    int lineCount = src.lineCount();
    int shift = 0; // new line number minus old line number before the current change
    for (int i = 0; i < changes.size(); ) {
      int j = i;
      while (j + 1 < changes.size() && changes.get(j + 1).from - changes.get(j).to <= 2 * CONTEXT) {
        j++;
      }
      int from = Math.max(0, changes.get(i).from - CONTEXT);
      int to = Math.min(lineCount, changes.get(j).to + CONTEXT);
      int newCount = to - from;
      for (int k = i; k <= j; k++) {
        newCount += changes.get(k).lines.size() - (changes.get(k).to - changes.get(k).from);
      }
      sb.append("@@ -").append(range(from, to - from)).append(" +")
          .append(range(from + shift, newCount)).append(" @@\n");
      int line = from;
      for (int k = i; k <= j; k++) {
        Change c = changes.get(k);
        for (; line < c.from; line++) {
          appendLine(sb, ' ', src.line(line), showSecrets);
        }
        for (; line < c.to; line++) {
          appendLine(sb, '-', src.line(line), showSecrets);
        }
        for (String l : c.lines) {
          appendLine(sb, '+', l, showSecrets);
        }
        shift += c.lines.size() - (c.to - c.from);
      }
      for (; line < to; line++) {
        appendLine(sb, ' ', src.line(line), showSecrets);
      }
      i = j + 1;
    }
    return sb.toString();
  }

  private static String range(int start, int count) {
    return count == 0 ? start + ",0" : (start + 1) + "," + count;
  }

  private static void appendLine(StringBuilder sb, char mark, String line, boolean showSecrets) {
    sb.append(mark).append(showSecrets ? line : mask(line)).append('\n');
  }

  /**
   * The changed runs of lines, in order: each edit widened to the whole lines it touches, touching
   * runs joined, and lines equal at the start or end of a run given back as context.
   */
  private static List<Change> changes(Source src, List<TextEdit> edits) {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::end));
    String text = src.text;
    int lineCount = src.lineCount();
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); ) {
      int fromLine = src.lineOf(sorted.get(i).start());
      int toLine = lastLine(src, sorted.get(i)) + 1;
      int j = i;
      while (j + 1 < sorted.size() && src.lineOf(sorted.get(j + 1).start()) < toLine) {
        j++;
        toLine = Math.max(toLine, lastLine(src, sorted.get(j)) + 1);
      }
      StringBuilder after = new StringBuilder();
      int pos = src.lineStart(sorted.get(i).start());
      for (int k = i; k <= j; k++) {
        after.append(text, pos, sorted.get(k).start()).append(sorted.get(k).replacement());
        pos = sorted.get(k).end();
      }
      after.append(text, pos, toLine < lineCount ? src.startOfLine(toLine) : text.length());
      List<String> newLines = lines(after.toString());
      int from = Math.min(fromLine, lineCount);
      int to = Math.min(toLine, lineCount);
      int head = 0;
      int tail = newLines.size();
      while (from < to && head < tail && src.line(from).equals(newLines.get(head))) {
        from++;
        head++;
      }
      while (from < to && head < tail && src.line(to - 1).equals(newLines.get(tail - 1))) {
        to--;
        tail--;
      }
      if (from < to || head < tail) {
        out.add(new Change(from, to, newLines.subList(head, tail)));
      }
      i = j + 1;
    }
    return out;
  }

  /** The last original line an edit touches (an edit ending at a line start does not touch it). */
  private static int lastLine(Source src, TextEdit e) {
    int line = src.lineOf(e.end());
    return e.end() > e.start() && src.lineStart(e.end()) == e.end() ? line - 1 : line;
  }

  /** Lines without their terminators (CR, LF or CRLF). */
  public static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  /**
   * The line with the value of every secret-looking assignment replaced by {@code ***}: {@code
   * KEY: value}, {@code KEY=value}, a quoted key, a quoted value, in block or flow form (so also
   * {@code {A: 1, MY_SECRET: 's'}} and {@code - "TOKEN=x"}). A plain value ends before a comment
   * ({@code " #"}), a quote, {@code ,}, <code>}</code> or {@code ]}. One pass, left to right.
   */
  public static String mask(String line) {
    StringBuilder sb = null;
    int copied = 0;
    int n = line.length();
    int flowStart = firstFlowOpening(line);
    int i = 0;
    while (i < n) {
      int nameStart = line.charAt(i) == '"' || line.charAt(i) == '\'' ? i + 1 : i;
      if (nameStart >= n || !nameStart(line.charAt(nameStart))) {
        i++;
        continue;
      }
      int nameEnd = nameStart + 1;
      while (nameEnd < n && nameChar(line.charAt(nameEnd))) {
        nameEnd++;
      }
      int k = nameEnd;
      if (nameStart > i && k < n && line.charAt(k) == line.charAt(i)) {
        k++; // the closing quote of a quoted key
      }
      k = skipBlanks(line, k);
      if (k >= n || (line.charAt(k) != ':' && line.charAt(k) != '=')) {
        i = nameEnd;
        continue;
      }
      int valueStart = skipBlanks(line, k + 1);
      int valueEnd = valueEnd(line, valueStart, flowStart < nameStart,
          nameStart > i ? line.charAt(i) : 0);
      if (valueEnd > valueStart && isSecretKey(line.substring(nameStart, nameEnd))) {
        if (sb == null) {
          sb = new StringBuilder(n);
        }
        sb.append(line, copied, valueStart).append("***");
        copied = valueEnd;
      }
      i = Math.max(valueEnd, k + 1);
    }
    return sb == null ? line : sb.append(line, copied, n).toString();
  }

  /** Where the value starting at {@code start} ends: a quoted one at its closing quote. */
  /** Index of the first '{' or '[' that is not part of a '${', or the line's length. */
  private static int firstFlowOpening(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c == '{' || c == '[') && (i == 0 || line.charAt(i - 1) != '$')) {
        return i;
      }
    }
    return line.length();
  }

  /**
   * The end of the value starting at {@code start}: a quoted scalar ends at its closing quote; a
   * plain one before a comment, before the closing {@code quote} of a quoted list item ({@code
   * - "KEY=value"}), and in a flow collection ({@code flow}) also before ',', '}' or ']'. A
   * {@code ${…}} reference is read whole. A flow collection is not a value to mask: its keys are.
   */
  private static int valueEnd(String line, int start, boolean flow, char quote) {
    int n = line.length();
    if (start >= n) {
      return start;
    }
    char c = line.charAt(start);
    if (c == '"') {
      for (int i = start + 1; i < n; i++) {
        if (line.charAt(i) == '\\') {
          i++;
        } else if (line.charAt(i) == '"') {
          return i + 1;
        }
      }
      return n;
    }
    if (c == '\'') {
      for (int i = start + 1; i < n; i++) {
        if (line.charAt(i) == '\'') {
          if (i + 1 < n && line.charAt(i + 1) == '\'') {
            i++;
          } else {
            return i + 1;
          }
        }
      }
      return n;
    }
    if (",}]#{[".indexOf(c) >= 0 || Character.isWhitespace(c)) {
      return start;
    }
    int end = start;
    int i = start;
    while (i < n) {
      char d = line.charAt(i);
      if (d == ' ' || d == '\t') {
        int k = skipBlanks(line, i);
        if (k >= n || line.charAt(k) == '#') {
          return end;
        }
        i = k;
      } else if (d == '$' && i + 1 < n && line.charAt(i + 1) == '{') {
        int close = line.indexOf('}', i + 2);
        end = i = close < 0 ? n : close + 1;
      } else if ((flow && ",}]".indexOf(d) >= 0) || (quote != 0 && d == quote)) {
        return end;
      } else {
        end = ++i;
      }
    }
    return end;
  }

  private static int skipBlanks(String line, int i) {
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean nameStart(char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean nameChar(char c) {
    return nameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }
}
