package io.testbed.plugins.compose.edit;

import io.testbed.plugins.yaml.Scalars;
import io.testbed.plugins.yaml.TextEdit;
import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Setting the variable in an environment written as a list ({@code - KEY=value}), and copying a
 * shared list (a list cannot be merged). Flow lists are appended to by {@link FlowForm}.
 */
final class ListForm {
  private final Layout at;
  private final FlowForm flow;

  ListForm(Layout at, FlowForm flow) {
    this.at = at;
    this.flow = flow;
  }

  /** The edits setting the variable in the list {@code env}: each entry replaced, or one added. */
  Object editSequence(String service, YNode env) {
    List<TextEdit> edits = new ArrayList<>();
    for (YNode item : env.children) {
      YNode d = item.deref();
      if (d.kind != YNode.Kind.SCALAR || d.isNull()) {
        continue;
      }
      int eq = d.value.indexOf('=');
      String itemName = eq < 0 ? d.value : d.value.substring(0, eq);
      if (!itemName.equals(at.name)) {
        continue;
      }
      String entry = d.value.substring(0, itemName.length()) + "=" + at.value;
      if (item.kind == YNode.Kind.ALIAS) {
        edits.add(new TextEdit(item.start, item.end,
            Scalars.render(entry, YNode.Style.PLAIN, env.flow)));
        continue;
      }
      if (d.anchor != null || d.hasCustomTag()) {
        return new Refusal(service, "the entry for " + at.name + " is anchored or tagged",
            "Edit this entry by hand");
      }
      edits.add(new TextEdit(d.start, at.realEnd(d), Scalars.render(entry, d.style, env.flow)));
    }
    if (!edits.isEmpty()) {
      return edits;
    }
    String entry = at.name + "=" + at.value;
    if (env.flow) {
      YNode.Style st = env.children.isEmpty() ? YNode.Style.PLAIN : Layout.styleOf(Layout.last(env));
      return flow.appendFlow(service, env, ']', Scalars.render(entry, st, true));
    }
    YNode last = Layout.last(env);
    int ls = at.src.lineStart(last.start);
    String prefix = at.text.substring(ls, last.start);
    if (!prefix.matches("[ \\t]*-[ \\t]+") || Layout.implicitEmpty(last)) {
      return new Refusal(service, "the list layout of its environment is unusual",
          "Add '- " + at.name + "=...' by hand");
    }
    return at.insertLinesAfter(at.realEnd(last),
        List.of(prefix + Scalars.render(entry, Layout.styleOf(last), false)));
  }

  /**
   * A list environment copied as a flow list with the variable set (its old entries dropped),
   * or null if an entry is not a plain value.
   */
  String copiedList(YNode env) {
    StringBuilder sb = new StringBuilder("[");
    for (YNode item : env.children) {
      YNode d = item.deref();
      if (d.kind != YNode.Kind.SCALAR || d.isNull() || d.hasCustomTag()) {
        return null;
      }
      int eq = d.value.indexOf('=');
      if (!(eq < 0 ? d.value : d.value.substring(0, eq)).equals(at.name)) {
        sb.append(Scalars.render(d.value, YNode.Style.PLAIN, true)).append(", ");
      }
    }
    return sb.append(Scalars.render(at.name + "=" + at.value, YNode.Style.PLAIN, true))
        .append(']').toString();
  }
}
