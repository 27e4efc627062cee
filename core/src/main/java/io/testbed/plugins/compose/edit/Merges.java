package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.EnvModel;
import io.testbed.plugins.yaml.Scalars;
import io.testbed.plugins.yaml.TextEdit;
import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anchors and merge keys: a service whose environment is inherited through {@code <<} gets a local
 * environment that merges the inherited one ({@code <<: *anchor}), the inherited environment is
 * anchored first when it has no anchor, and an aliased environment map becomes a merge of the alias
 * plus the variable. Generated anchors are named after their owner and unique in the document.
 */
final class Merges {
  private final Layout at;
  private final MapForm map;
  private final Map<YNode, String> generatedAnchors = new IdentityHashMap<>();
  private final Set<String> generatedNames = new HashSet<>();

  Merges(Layout at, MapForm map) {
    this.at = at;
    this.map = map;
  }

  /** The alias {@code ref} (to an environment map) replaced by a merge of it plus the variable. */
  List<TextEdit> aliasWithVariable(YNode ref) {
    String alias = at.text.substring(ref.start, ref.end);
    String repl = "{<<: " + alias + ", " + at.key() + ": "
        + Scalars.render(at.value, YNode.Style.PLAIN, true) + "}";
    return List.of(new TextEdit(ref.start, ref.end, repl));
  }

  /** Edits adding an anchor to {@code env} and a local environment merging it to {@code s}. */
  Object anchorAndMerge(EnvModel.Entry entry, YNode env, YNode s) {
    String anchor = freshAnchor(env, entry.owner());
    TextEdit addAnchor;
    if (env.flow) {
      addAnchor = TextEdit.insert(env.start, "&" + anchor + " ");
    } else {
      int colon = at.colonAfter(entry.keyNode());
      if (colon < 0 || at.src.lineOf(colon) != at.src.lineOf(entry.keyNode().start)) {
        return null;
      }
      addAnchor = TextEdit.insert(colon + 1, " &" + anchor);
    }
    Object local = map.addEnvironment(s, "*" + anchor);
    if (!(local instanceof List<?> l)) {
      return local;
    }
    List<TextEdit> edits = new ArrayList<>();
    edits.add(addAnchor);
    for (Object o : l) {
      edits.add((TextEdit) o);
    }
    return edits;
  }

  /**
   * The anchor to add to {@code env}: named after its owner ({@code &defaults-env} for an
   * environment inside {@code &defaults}), and unique in the document, so it can neither re-bind
   * an existing alias nor be re-bound. The same node always gets the same name.
   */
  String freshAnchor(YNode env, YNode owner) {
    String known = generatedAnchors.get(env);
    if (known != null) {
      return known;
    }
    String base = anchorSafe(owner.anchor == null ? "inherited" : owner.anchor) + "-env";
    String candidate = base;
    for (int i = 2; at.file.tree().anchors().containsKey(candidate) || !generatedNames.add(candidate); i++) {
      candidate = base + "-" + i;
    }
    generatedAnchors.put(env, candidate);
    return candidate;
  }

  /** {@code name} with every character docker compose's YAML reader refuses in an anchor as '-'. */
  static String anchorSafe(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z');
      sb.append(ok ? c : '-');
    }
    return sb.toString();
  }

  /** Whether {@code &anchor} is defined again in {@code [from, to)}, re-binding its aliases. */
  boolean redefined(String anchor, int from, int to) {
    List<YNode> defs = at.file.tree().anchors().getOrDefault(anchor, List.of()); // in document order
    int lo = 0;
    int hi = defs.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (defs.get(mid).start < from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < defs.size() && defs.get(lo).start < to;
  }
}
