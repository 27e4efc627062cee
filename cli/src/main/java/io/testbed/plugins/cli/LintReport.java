package io.testbed.plugins.cli;

import io.testbed.plugins.compose.lint.Finding.Severity;
import io.testbed.plugins.compose.lint.Finding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders lint findings: {@code file:line:col: severity: message [check]}, the line, the fix. */
final class LintReport {
  private LintReport() {}

  /** Every finding with its source line and fix. */
  static void print(PrintWriter out, List<Finding> findings, boolean color) {
    print(out, findings, color, true);
  }

  /** Every finding, one line each; with {@code details}, also its source line and fix. */
  static void print(PrintWriter out, List<Finding> findings, boolean color, boolean details) {
    for (Finding f : findings) {
      String severity = f.severity().name().toLowerCase(Locale.ROOT);
      if (color) {
        severity = (f.severity() == Severity.ERROR ? "\u001b[31m" : "\u001b[33m") + severity
            + "\u001b[0m";
      }
      out.println(f.place() + ": " + severity + ": " + f.message() + " [" + f.check() + "]");
      if (!details) {
        continue;
      }
      if (!f.line().isEmpty()) {
        out.println("    " + f.line());
        out.println("    " + caret(f.line(), f.place().column()));
      }
      out.println("    fix: " + f.fix());
    }
  }

  /** "N errors, M warnings". */
  static String counts(List<Finding> findings) {
    long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    long warnings = findings.size() - errors;
    return errors + (errors == 1 ? " error, " : " errors, ") + warnings
        + (warnings == 1 ? " warning" : " warnings");
  }

  static boolean hasErrors(List<Finding> findings) {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  static List<Object> json(List<Finding> findings) {
    List<Object> out = new ArrayList<>();
    for (Finding f : findings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
      m.put("check", f.check());
      m.put("file", f.place().file());
      m.put("line", f.place().line());
      m.put("column", f.place().column());
      m.put("source", f.line());
      m.put("message", f.message());
      m.put("fix", f.fix());
      m.put("service", f.service());
      m.put("variable", f.variable());
      m.put("plugins", f.concernsPlugins());
      out.add(m);
    }
    return out;
  }

  /** A caret under a 1-based code-point column, keeping the line's tabs. */
  private static String caret(String line, int column) {
    StringBuilder sb = new StringBuilder();
    int cp = 1;
    for (int i = 0; i < line.length() && cp < column; i += Character.charCount(line.codePointAt(i))) {
      sb.append(line.charAt(i) == '\t' ? '\t' : ' ');
      cp++;
    }
    return sb.append('^').toString();
  }
}
