package io.testbed.plugins.compose.edit;

import io.testbed.plugins.yaml.Scalars;
import io.testbed.plugins.yaml.TextEdit;
import io.testbed.plugins.yaml.YNode;
import java.util.List;

/**
 * Setting the variable in flow collections ({@code {A: 1}}, {@code [A=1]}): appending an entry
 * before the closing bracket, filling an empty value of a flow mapping, adding an environment to a
 * service written in flow style.
 */
final class FlowForm {
  private final Layout at;

  FlowForm(Layout at) {
    this.at = at;
  }

  /** Appends {@code entryText} to the flow collection {@code coll} closed by {@code close}. */
  Object appendFlow(String service, YNode coll, char close, String entryText) {
    int closeAt = coll.end - 1;
    if (closeAt < 0 || closeAt >= at.text.length() || at.text.charAt(closeAt) != close) {
      return new Refusal(service, "unusual flow layout of its environment",
          "Edit this environment by hand");
    }
    if (coll.children.isEmpty()) {
      return List.of(TextEdit.insert(closeAt, entryText));
    }
    int end = coll.kind == YNode.Kind.MAPPING ? at.entryEnd(coll, coll.size() - 1)
        : at.realEnd(Layout.last(coll));
    return List.of(TextEdit.insert(end, ", " + entryText));
  }

  /**
   * Replaces an empty value in a flow mapping (its key's colon at {@code colon}) by a flow map with
   * the variable, or by an environment holding it when {@code service} is true.
   */
  List<TextEdit> fillNull(YNode nullNode, boolean service, int colon) {
    String varFlow = at.key() + ": " + Scalars.render(at.value, YNode.Style.PLAIN, true);
    String repl = service ? "{environment: {" + varFlow + "}}" : "{" + varFlow + "}";
    if (Layout.implicitEmpty(nullNode)) {
      return List.of(TextEdit.insert(colon + 1, " " + repl));
    }
    return List.of(new TextEdit(nullNode.start, nullNode.end, repl));
  }

  /**
   * Adds an environment to a service written as a flow mapping: a flow map with the variable
   * (merging {@code mergeAlias} if given), or the flow list {@code listValue}.
   */
  Object addEnvironment(YNode service, String mergeAlias, String listValue) {
    String val = Scalars.render(at.value, YNode.Style.PLAIN, true);
    String entry = listValue != null ? "environment: " + listValue
        : "environment: {" + (mergeAlias == null ? "" : "<<: " + mergeAlias + ", ")
            + at.key() + ": " + val + "}";
    return appendFlow("", service, '}', entry);
  }
}
