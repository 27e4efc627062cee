package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.yaml.Scalars;
import io.testbed.plugins.yaml.TextEdit;
import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project edit's change to one compose file: the services the file does not define yet (in an
 * override file) are added under {@code services:} with their variables, then {@link EnvEdit}
 * sets the variables in the others, one group of services with the same variables at a time.
 */
final class ComposeFileEdit {
  private ComposeFileEdit() {}

  /**
   * The edit of one compose file: services it does not define yet (an override file) are added
   * with their variables, then {@link EnvEdit} sets the variables in the others, one group of
   * services with the same variables at a time.
   */
  static ComposePlan plan(ComposeFile f, boolean base,
      Map<String, Map<String, String>> targets, List<Refusal> refusals) {
    ComposeFile current = f;
    List<TextEdit> edits = List.of();
    List<String> missing = targets.keySet().stream()
        .filter(s -> !f.tree().model().services().containsKey(s)).toList();
    List<EnvChange> changes = new ArrayList<>();
    Map<Map<String, String>, List<String>> groups = new LinkedHashMap<>();
    targets.forEach((s, v) -> {
      if (!missing.contains(s)) {
        groups.computeIfAbsent(v, k -> new ArrayList<>()).add(s);
      }
    });
    if (!missing.isEmpty()) {
      edits = List.of(addServices(f, missing, targets));
      String text = TextEdit.apply(f.text(), edits);
      current = groups.isEmpty() ? null : reparse(f, base, text);
      for (String s : missing) {
        targets.get(s).forEach((n, v) -> changes.add(new EnvChange(s, n, null,
            Scalars.escapeDollars(v))));
      }
      if (current == null) {
        return new ComposePlan(f, text, edits, changes, List.of());
      }
    }
    String text = current.text();
    int left = groups.size();
    for (Map.Entry<Map<String, String>, List<String>> g : groups.entrySet()) {
      ComposePlan step = EnvEdit.plan(current, g.getValue(), g.getKey());
      refusals.addAll(step.refusals());
      changes.addAll(step.changes());
      if (step.changed()) {
        edits = edits.isEmpty() ? step.edits()
            : TextEdit.compose(edits, step.edits(), step.newText());
        text = step.newText();
        // the next group is planned on this text; the last one's text is verified by EnvEdit
        current = --left > 0 ? reparse(f, base, text) : current;
      } else {
        left--;
      }
    }
    return new ComposePlan(f, text, edits, changes, List.of());
  }

  /** The insertion of the missing services under {@code services:} (added when absent). */
  private static TextEdit addServices(ComposeFile f, List<String> missing,
      Map<String, Map<String, String>> targets) {
    String br = f.lineBreak();
    String text = f.text();
    int indent = 2;
    int at = text.length();
    if (f.hasServicesKey()) {
      if (f.tree().services().flow || f.tree().services().size() == 0) {
        throw ComposeException.of(Kind.USAGE, f.label(),
            "'services' is written in flow style ({...}); services cannot be added to it safely",
            "Write 'services:' in block style, one service per indented line.");
      }
      int first = f.tree().services().key(0).start;
      indent = f.tree().source().column(first) - 1;
      at = f.tree().source().lineStart(first);
    }
    String pad = " ".repeat(indent);
    String unit = " ".repeat(Math.max(indent, 2));
    StringBuilder sb = new StringBuilder();
    for (String s : missing) {
      sb.append(pad).append(key(s)).append(':').append(br);
      sb.append(pad).append(unit).append("environment:").append(br);
      targets.get(s).forEach((n, v) -> sb.append(pad).append(unit).append(unit)
          .append(key(n)).append(": ")
          .append(Scalars.render(Scalars.escapeDollars(v), YNode.Style.PLAIN, false))
          .append(br));
    }
    if (f.hasServicesKey()) {
      return TextEdit.insert(at, sb.toString());
    }
    boolean needsBreak = !text.isEmpty() && !text.endsWith("\n") && !text.endsWith("\r");
    return TextEdit.insert(text.length(), (needsBreak ? br : "") + "services:" + br + sb);
  }

  private static String key(String name) {
    return Scalars.plainOk(name, false) ? name : Scalars.doubleQuoted(name);
  }

  private static ComposeFile reparse(ComposeFile original, boolean base, String text) {
    try {
      return base ? ComposeFile.parse(original.label(), text)
          : ComposeFile.parseOverride(original.label(), text);
    } catch (ComposeException e) {
      throw EnvEdit.internal(original, "the edited text does not parse: " + e.getMessage(), e);
    }
  }
}
