package io.testbed.plugins.compose;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Replace the chars {@code [start, end)} of the original text with {@code replacement}. */
public record TextEdit(int start, int end, String replacement) {
  public TextEdit {
    Objects.requireNonNull(replacement, "replacement");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
    }
  }

  static TextEdit insert(int at, String text) {
    return new TextEdit(at, at, text);
  }

  /**
   * Applies non-overlapping edits (highest offset first, so earlier offsets stay valid). Insertions
   * at the same offset keep their list order.
   */
  public static String apply(String text, List<TextEdit> edits) {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::end));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).start() < sorted.get(i - 1).end()) {
        throw new IllegalArgumentException(
            "overlapping edits " + sorted.get(i - 1) + " and " + sorted.get(i));
      }
    }
    StringBuilder sb = new StringBuilder(text.length() + 64 * sorted.size());
    int pos = 0;
    for (TextEdit e : sorted) {
      if (e.end() > text.length()) {
        throw new IllegalArgumentException("edit past the end: " + e);
      }
      sb.append(text, pos, e.start()).append(e.replacement());
      pos = e.end();
    }
    sb.append(text, pos, text.length());
    return sb.toString();
  }
}
