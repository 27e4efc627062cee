package io.testbed.plugins.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The characters docker compose's YAML reader (YAML 1.1, descended from libyaml) refuses where
 * SnakeYAML Engine (YAML 1.2) reads on: control characters anywhere, a byte-order mark after the
 * start, and the YAML 1.1 line breaks NEL, LS and PS outside quoted scalars (in a key or a plain
 * value they would split it). One linear scan of the text, plus a walk of the quoted scalars when
 * such a line break occurs at all.
 */
public final class Characters {
  private Characters() {}

  /**
   * Refuses a control character or a byte-order mark after the start; returns the offsets of NEL,
   * LS and PS (for {@link #checkLineBreaks} once the text is parsed).
   */
  public static int[] check(Source src) {
    String text = src.text;
    int[] breaks = new int[0];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c <= 0x7E || c == '\n' || c == '\r' || c == '\t' || i < src.bomLength) {
        continue;
      }
      if (c == '\uFEFF') {
        throw src.error(i,
            "a byte-order mark (U+FEFF) is only allowed at the very start of the file",
            "Delete it: docker compose refuses it here (it often comes from joining files that"
                + " were saved with a byte-order mark).");
      }
      if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
        if (n == breaks.length) {
          breaks = Arrays.copyOf(breaks, Math.max(8, 2 * n));
        }
        breaks[n++] = i;
      } else if (!printable(c)) {
        throw src.error(i,
            "control character " + name(c) + " is not allowed in a compose file",
            "Delete it: docker compose refuses control characters anywhere in the file. If a"
                + " value needs it, write it in double quotes as an escape (\""
                + String.format("\\u%04X", (int) c) + "\").");
      }
    }
    return Arrays.copyOf(breaks, n);
  }

  /** Refuses a NEL, LS or PS (at {@code breaks}) that is not inside a quoted scalar. */
  public static void checkLineBreaks(Source src, YNode root, int[] breaks) {
    if (breaks.length == 0) {
      return;
    }
    List<int[]> quoted = new ArrayList<>();
    Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<YNode> todo = new ArrayDeque<>();
    if (root != null) {
      todo.push(root);
    }
    while (!todo.isEmpty()) {
      YNode node = todo.pop();
      if (node.kind == YNode.Kind.ALIAS || !seen.add(node)) {
        continue;
      }
      if (node.kind == YNode.Kind.SCALAR
          && (node.style == YNode.Style.SINGLE || node.style == YNode.Style.DOUBLE)) {
        quoted.add(new int[] {node.start, node.end});
      }
      node.children.forEach(todo::push);
    }
    quoted.sort((a, b) -> Integer.compare(a[0], b[0]));
    int q = 0;
    for (int at : breaks) {
      while (q < quoted.size() && quoted.get(q)[1] <= at) {
        q++;
      }
      if (q < quoted.size() && quoted.get(q)[0] < at) {
        continue;
      }
      char c = src.text.charAt(at);
      throw src.error(at,
          name(c) + " outside quotes: docker compose (YAML 1.1) reads it as a line break, which"
              + " splits the key or value it is in",
          "Delete it, or quote the value and write it as \""
              + (c == '\u0085' ? "\\N" : c == '\u2028' ? "\\L" : "\\P") + "\".");
    }
  }

  /** YAML 1.1's printable characters (chars of a surrogate pair are printable here). */
  private static boolean printable(char c) {
    return c >= 0xA0 && c <= 0xD7FF || c >= 0xD800 && c <= 0xDFFF
        || c >= 0xE000 && c <= 0xFFFD && c != '\uFEFF';
  }

  static String name(char c) {
    String hex = String.format("U+%04X", (int) c);
    return switch (c) {
      case 0 -> hex + " (NUL)";
      case 0x1B -> hex + " (ESC)";
      case 0x7F -> hex + " (DEL)";
      case '\u0085' -> hex + " (NEL, next line)";
      case '\u2028' -> hex + " (line separator)";
      case '\u2029' -> hex + " (paragraph separator)";
      default -> hex;
    };
  }
}
