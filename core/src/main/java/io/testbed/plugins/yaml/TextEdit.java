package io.testbed.plugins.yaml;

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

  public static TextEdit insert(int at, String text) {
    return new TextEdit(at, at, text);
  }

  /**
   * Applies non-overlapping edits (highest offset first, so earlier offsets stay valid). Insertions
   * at the same offset keep their list order.
   */
  public static String apply(String text, List<TextEdit> edits) {
    List<TextEdit> sorted = sorted(edits);
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

  /**
   * One list of edits of the original text doing what {@code first} and then {@code then} do:
   * {@code first} edits the original text, {@code then} edits the result, and {@code result} is
   * the text after both. Edits that touch are joined; each joined edit takes its replacement from
   * {@code result}. Linear after sorting.
   */
  public static List<TextEdit> compose(List<TextEdit> first, List<TextEdit> then, String result) {
    List<TextEdit> a = sorted(first);
    List<TextEdit> b = sorted(then);
    // Changed regions in original offsets: {start, end, length change}.
    List<int[]> regions = new ArrayList<>();
    for (TextEdit e : a) {
      regions.add(new int[] {e.start, e.end, e.replacement.length() - (e.end - e.start)});
    }
    int k = 0; // first edit of 'a' whose image in the intermediate text ends at or after f.start
    int shift = 0; // length change of the edits of 'a' before k
    for (TextEdit f : b) {
      while (k < a.size() && a.get(k).start + shift + a.get(k).replacement.length() < f.start) {
        shift += a.get(k).replacement.length() - (a.get(k).end - a.get(k).start);
        k++;
      }
      int start = k < a.size() && a.get(k).start + shift <= f.start ? a.get(k).start
          : f.start - shift;
      int m = k;
      int endShift = shift;
      while (m < a.size() && a.get(m).start + endShift + a.get(m).replacement.length() < f.end) {
        endShift += a.get(m).replacement.length() - (a.get(m).end - a.get(m).start);
        m++;
      }
      int end = m < a.size() && a.get(m).start + endShift <= f.end ? a.get(m).end
          : f.end - endShift;
      regions.add(new int[] {start, end, f.replacement.length() - (f.end - f.start)});
    }
    regions.sort(Comparator.<int[]>comparingInt(r -> r[0]).thenComparingInt(r -> r[1]));
    List<TextEdit> out = new ArrayList<>();
    int delta = 0; // length change of the joined regions before the current one
    for (int i = 0; i < regions.size(); ) {
      int start = regions.get(i)[0];
      int end = regions.get(i)[1];
      int change = regions.get(i)[2];
      int j = i + 1;
      while (j < regions.size() && regions.get(j)[0] <= end) {
        end = Math.max(end, regions.get(j)[1]);
        change += regions.get(j)[2];
        j++;
      }
      out.add(new TextEdit(start, end, result.substring(start + delta, end + delta + change)));
      delta += change;
      i = j;
    }
    return out;
  }

  private static List<TextEdit> sorted(List<TextEdit> edits) {
    List<TextEdit> s = new ArrayList<>(edits);
    s.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::end));
    return s;
  }
}
