package io.testbed.plugins.compose;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Unified diffs of compose text (secrets masked), and line diffs turned into text edits. */
final class Diffs {
  /** Keys whose values are secrets. */
  static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(PASSWORD|PASSWD|PASS|SECRET|TOKEN|ACCESS_KEY|ACCESSKEY|PRIVATE_KEY|API_KEY|APIKEY"
              + "|CREDENTIAL|AUTH|SESSION_KEY|SIGNING_KEY|ENCRYPTION_KEY).*");
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "([\"']?)([A-Za-z_][A-Za-z0-9_.\\-]*)\\1([ \\t]*[:=][ \\t]*)"
              + "(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^,}\\]#\\s][^,}\\]]*?)"
              + "(?=[ \\t]+#|[ \\t]*[,}\\]\"']|[ \\t]*$)");

  private Diffs() {}

  static String unified(String label, String before, String after, boolean showSecrets) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    Patch<String> patch = DiffUtils.diff(a, b);
    if (patch.getDeltas().isEmpty()) {
      return "";
    }
    String name = label.replaceFirst("^/+", "");
    List<String> out = UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, a, patch, 3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < out.size(); i++) {
      String line = out.get(i);
      if (!showSecrets && i >= 2 && !line.isEmpty() && " +-".indexOf(line.charAt(0)) >= 0) {
        line = line.charAt(0) + mask(line.substring(1));
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  /** The line with the value of every secret-looking key replaced by ***. */
  static String mask(String line) {
    Matcher m = ASSIGNMENT.matcher(line);
    StringBuilder sb = new StringBuilder();
    int pos = 0;
    while (m.find()) {
      if (SECRET_KEY.matcher(m.group(2)).matches() && !m.group(4).isEmpty()) {
        sb.append(line, pos, m.start(4)).append("***");
        pos = m.end(4);
      }
    }
    return sb.append(line.substring(pos)).toString();
  }

  /** Lines without their terminators (CR, LF or CRLF). */
  static List<String> lines(String text) {
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

  /** Lines with their terminators, so they concatenate back to the text. */
  private static List<String> rawLines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  /** Whole-line edits turning {@code before} into {@code after}. */
  static List<TextEdit> edits(String before, String after) {
    List<String> a = rawLines(before);
    List<String> b = rawLines(after);
    int[] offsets = new int[a.size() + 1];
    for (int i = 0; i < a.size(); i++) {
      offsets[i + 1] = offsets[i] + a.get(i).length();
    }
    List<TextEdit> edits = new ArrayList<>();
    for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
      int p = d.getSource().getPosition();
      int n = d.getSource().size();
      edits.add(new TextEdit(offsets[p], offsets[p + n], String.join("", d.getTarget().getLines())));
    }
    return edits;
  }
}
