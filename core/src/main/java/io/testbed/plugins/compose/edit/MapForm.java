package io.testbed.plugins.compose.edit;

import io.testbed.plugins.yaml.Scalars;
import io.testbed.plugins.yaml.TextEdit;
import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Setting the variable in an environment written as a block map ({@code KEY: value}), or creating
 * one: filling an empty value, adding an {@code environment} key to a service. Flow collections
 * are left to {@link FlowForm}. Each method returns the edits, or a {@link Refusal}.
 */
final class MapForm {
  private final Layout at;
  private final FlowForm flow;

  MapForm(Layout at, FlowForm flow) {
    this.at = at;
    this.flow = flow;
  }

  /** The edits setting the variable in the map {@code env}: replaced if present, else inserted. */
  Object editMapping(String service, YNode env) {
    if (Layout.hasComplexKeys(env)) {
      return new Refusal(service, "its environment has a key that is not a plain name",
          "Edit this environment by hand");
    }
    int idx = -1;
    for (int i = 0; i < env.size(); i++) {
      YNode k = env.key(i).deref();
      if (!env.key(i).isMergeKey() && k.kind == YNode.Kind.SCALAR && k.value.equals(at.name)) {
        idx = i;
      }
    }
    if (idx >= 0) {
      YNode k = env.key(idx);
      YNode v = env.val(idx);
      if (v.kind == YNode.Kind.ALIAS) {
        return List.of(new TextEdit(v.start, v.end,
            Scalars.render(at.value, YNode.Style.PLAIN, env.flow)));
      }
      if (v.kind != YNode.Kind.SCALAR) {
        return new Refusal(service, "the value of " + at.name + " is not a single value",
            "Replace it by hand with a plain value");
      }
      if (v.anchor != null) {
        return new Refusal(service, "the value of " + at.name + " is anchored (&" + v.anchor
            + ") and may be used elsewhere", "Edit this value by hand");
      }
      if (v.hasCustomTag()) {
        return new Refusal(service, "the value of " + at.name + " has the tag " + v.tag,
            "Edit this value by hand");
      }
      if (Layout.implicitEmpty(v)) {
        int colon = at.colonAfter(k);
        if (colon < 0) {
          return new Refusal(service, "unusual layout around " + at.name, "Edit this value by hand");
        }
        return List.of(TextEdit.insert(colon + 1,
            " " + Scalars.render(at.value, YNode.Style.PLAIN, env.flow)));
      }
      return List.of(new TextEdit(v.start, at.realEnd(v),
          Scalars.render(at.value, v.style, env.flow)));
    }
    String entryText = at.key() + ": " + Scalars.render(at.value, YNode.Style.PLAIN, env.flow);
    if (env.flow) {
      return flow.appendFlow(service, env, '}', entryText);
    }
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < env.size(); i++) {
      if (!env.key(i).isMergeKey() && env.key(i).isScalar()) {
        keys.add(i);
      }
    }
    boolean sorted = keys.size() >= 2;
    for (int j = 1; j < keys.size() && sorted; j++) {
      sorted = keyText(env, keys.get(j - 1)).compareTo(keyText(env, keys.get(j))) <= 0;
    }
    if (sorted) {
      for (int j = 0; j < keys.size(); j++) {
        if (keyText(env, keys.get(j)).compareTo(at.name) > 0) {
          int i = keys.get(j);
          return j == 0
              ? at.insertLinesBefore(env.key(i), List.of(at.indentOf(env.key(i)) + entryText))
              : at.insertLinesAfter(at.entryEnd(env, keys.get(j - 1)),
                  List.of(at.indentOf(env.key(i)) + entryText));
        }
      }
    }
    int last = env.size() - 1;
    return at.insertLinesAfter(at.entryEnd(env, last),
        List.of(at.indentOf(env.key(keys.isEmpty() ? last : keys.get(keys.size() - 1)))
            + entryText));
  }

  String keyText(YNode map, int i) {
    return map.key(i).deref().value;
  }

  /**
   * Turns an empty value ({@code key:} or {@code key: ~}, maybe with a comment) into a block map
   * holding the variable, or into an environment block when {@code service} is true.
   */
  Object fillNull(YNode keyNode, YNode nullNode, boolean service, boolean flowParent) {
    int colon = at.colonAfter(keyNode);
    if (colon < 0) {
      return new Refusal("", "unusual layout after '" + keyNode.deref().value + "'",
          "Edit it by hand");
    }
    if (flowParent) {
      return flow.fillNull(nullNode, service, colon);
    }
    String var = at.key() + ": " + Scalars.render(at.value, YNode.Style.PLAIN, false);
    List<TextEdit> edits = new ArrayList<>();
    if (!Layout.implicitEmpty(nullNode)) {
      edits.add(new TextEdit(colon + 1, nullNode.end, ""));
    }
    int le = at.src.lineEnd(Math.max(colon, nullNode.end));
    String br = at.src.breakAt(le);
    if (br.isEmpty()) {
      br = at.src.lineBreak();
    }
    String indent = at.indentOf(keyNode) + at.step;
    String insert = service
        ? br + indent + "environment:" + br + indent + at.step + var
        : br + indent + var;
    edits.add(TextEdit.insert(le, insert));
    return edits;
  }

  /** Adds an environment key to a service mapping that has none of its own. */
  Object addEnvironment(YNode service, String mergeAlias) {
    return addEnvironment(service, mergeAlias, null);
  }

  /**
   * Adds an environment key to a service mapping that has none of its own: a map with the
   * variable (merging {@code mergeAlias} if given), or the flow list {@code listValue}.
   */
  Object addEnvironment(YNode service, String mergeAlias, String listValue) {
    if (Layout.hasComplexKeys(service)) {
      return new Refusal("", "the service has a key that is not a plain name",
          "Add the environment by hand");
    }
    if (service.flow) {
      return flow.addEnvironment(service, mergeAlias, listValue);
    }
    String val = Scalars.render(at.value, YNode.Style.PLAIN, false);
    int last = service.size() - 1;
    YNode lineKey = null;
    for (int i = 0; i < service.size() && lineKey == null; i++) {
      YNode k = service.key(i);
      if (at.text.substring(at.src.lineStart(k.start), k.start).isBlank()) {
        lineKey = k;
      }
    }
    if (lineKey == null) {
      return new Refusal("", "unusual layout of the service's keys",
          "Add the environment by hand");
    }
    String indent = at.indentOf(lineKey);
    List<String> lines = new ArrayList<>();
    if (listValue != null) {
      return at.insertLinesAfter(at.entryEnd(service, last),
          List.of(indent + "environment: " + listValue));
    }
    lines.add(indent + "environment:");
    if (mergeAlias != null) {
      lines.add(indent + at.step + "<<: " + mergeAlias);
    }
    lines.add(indent + at.step + at.key() + ": " + val);
    return at.insertLinesAfter(at.entryEnd(service, last), lines);
  }
}
