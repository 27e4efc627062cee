package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.yaml.Diffs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Independent checks of a plan against the text it was made from: the intended variables and
 * nothing else changed (read back with {@link IndependentModel}), changed lines are confined to
 * environment blocks, no comment is lost, and a second plan is empty. Returns the problems found.
 */
final class EditChecks {
  private EditChecks() {}

  /** A line of a flow collection that only had an entry added before its closing bracket. */
  private static boolean appendedTo(String source, List<String> targets, Map<String, String> vars) {
    int close = Math.max(source.lastIndexOf(']'), source.lastIndexOf('}'));
    String head = close < 0 ? source : source.substring(0, close);
    String body = source.strip();
    return targets.stream().anyMatch(t -> (t.startsWith(head)
        && vars.keySet().stream().anyMatch(t.substring(head.length())::contains))
        || (!body.isEmpty() && t.contains(body) && vars.keySet().stream().anyMatch(t::contains)));
  }

  /** Where a line's comment starts ('#' after white space, outside quotes), or -1. */
  static int commentStart(String l) {
    char quote = 0;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || l.charAt(i - 1) == ' ' || l.charAt(i - 1) == '\t')) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether original line {@code at} continues the value of a line naming the environment or a
   * variable being set: it is no key and no list item, and the nearest line above it that is not
   * blank or a comment names one (a plain value on the next line, or a multi-line flow value).
   */
  private static boolean continuesAValueBeingSet(List<String> lines, int at, Map<String, String> vars) {
    if (lines.get(at).matches("\\s*(- .*|[\\w\"'.-]+\\s*:(\\s.*)?)")) {
      return false;
    }
    for (int i = at - 1; i >= 0; i--) {
      String l = lines.get(i).strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        return l.contains("environment") || vars.keySet().stream().anyMatch(l::contains);
      }
    }
    return false;
  }

  /** A key line with an explicit null value ({@code KEY: ~}) as it reads once the value is gone. */
  private static String withoutNull(String line) {
    return line.replaceFirst(":[ \\t]+(~|null|Null|NULL)[ \\t]*$", ":");
  }

  /**
   * Whether original line {@code at} is content of a block scalar ({@code |} or {@code >}) that is
   * the value of a variable being set: the first line above it that is less indented names one.
   */
  private static boolean inBlockScalarBeingSet(List<String> lines, int at, Map<String, String> vars) {
    int indent = lines.get(at).length() - lines.get(at).stripLeading().length();
    for (int i = at - 1; i >= 0; i--) {
      String l = lines.get(i);
      if (!l.isBlank() && l.length() - l.stripLeading().length() < indent) {
        return l.matches(".*:[ \\t]*[|>][-+0-9]*[ \\t]*")
            && vars.keySet().stream().anyMatch(l::contains);
      }
    }
    return false;
  }

  static List<String> check(String before, ComposePlan plan, List<String> selected,
      Map<String, String> vars) {
    List<String> problems = new ArrayList<>();
    String after = plan.newText();
    Set<String> refused = new HashSet<>();
    plan.refusals().forEach(r -> refused.add(r.service()));
    if (!plan.changed() && !after.equals(before)) {
      problems.add("no edits but the text differs");
    }
    IndependentModel a = new IndependentModel(before);
    IndependentModel b = new IndependentModel(after);
    if (!new ArrayList<>(a.services().keySet()).equals(new ArrayList<>(b.services().keySet()))) {
      problems.add("services differ");
      return problems;
    }
    if (!Objects.equals(a.others(), b.others())) {
      problems.add("top-level keys other than services changed");
    }
    for (Object k : a.services().keySet()) {
      String s = String.valueOf(k);
      if (!Objects.equals(a.serviceWithoutEnvironment(s), b.serviceWithoutEnvironment(s))) {
        problems.add(s + ": definition outside environment changed");
      }
      Map<String, String> expected = new LinkedHashMap<>(a.environment(s));
      if (selected.contains(s) && !refused.contains(s)) {
        vars.forEach((n, v) -> expected.put(n, v.replace("$", "$$")));
      }
      Map<String, String> actual = b.environment(s);
      if (!expected.equals(actual)) {
        problems.add(s + ": environment " + actual + " expected " + expected);
      }
    }
    // Changed original lines must be environment lines or lines of the variables set.
    List<String> oldLines = Diffs.lines(before);
    List<String> newLines = Diffs.lines(after);
    var patch = com.github.difflib.DiffUtils.diff(oldLines, newLines);
    for (var d : patch.getDeltas()) {
      // Each changed original line names the environment or a variable being set, or continues
      // the value of such a line (a block or multi-line scalar being replaced, deeper indented or
      // in the same replaced run).
      boolean runNames = d.getSource().getLines().stream().anyMatch(l -> l.contains("environment")
          || vars.keySet().stream().anyMatch(l::contains));
      int anchorIndent = -1;
      for (int i = 0; i < d.getSource().size(); i++) {
        String l = d.getSource().getLines().get(i);
        boolean names = l.contains("environment") || vars.keySet().stream().anyMatch(l::contains);
        int indent = l.length() - l.stripLeading().length();
        if (names) {
          anchorIndent = indent;
        } else if (!runNames && !appendedTo(l, d.getTarget().getLines(), vars)
            && (anchorIndent < 0 || (indent <= anchorIndent && !l.isBlank()))
            && !continuesAValueBeingSet(oldLines, d.getSource().getPosition() + i, vars)
            && !d.getTarget().getLines().contains(withoutNull(l))) {
          problems.add("changed a line outside the environment: " + l);
        }
      }
      for (String l : d.getTarget().getLines()) {
        String t = l.strip();
        if (!t.startsWith("environment:") && !t.startsWith("<<:")
            && vars.keySet().stream().noneMatch(l::contains)
            && vars.values().stream().noneMatch(v -> l.contains(v.replace("$", "$$")))
            && d.getSource().getLines().stream().noneMatch(o -> withoutNull(o).equals(l))) {
          problems.add("added an unexpected line: " + l);
        }
      }
    }
    // No comment lost.
    for (int i = 0; i < oldLines.size(); i++) {
      String l = oldLines.get(i);
      int hash = commentStart(l);
      if (hash >= 0 && !after.contains(l.substring(hash))
          && !inBlockScalarBeingSet(oldLines, i, vars)) {
        problems.add("comment lost: " + l.substring(hash));
      }
    }
    // Idempotent.
    ComposePlan again = EnvEdit.plan(ComposeFile.parse("again", after),
        selected.stream().filter(s -> !refused.contains(s)).toList(), vars);
    if (again.changed()) {
      problems.add("second run is not empty: " + again.edits());
    }
    return problems;
  }
}
