package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.yaml.YNode;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks an edit: the new document equals the old one except inside the nodes that were meant to
 * change, and every service's effective environment is exactly the expected one. Comparison is
 * memoized per anchored node (the only nodes an alias can reach again), so shared nodes are
 * compared once.
 */
final class Verifier {
  private final Set<YNode> skip;
  private final Set<YNode> ignoreEnv;
  private final IdentityHashMap<YNode, YNode> matched = new IdentityHashMap<>();

  private Verifier(Set<YNode> skip, Set<YNode> ignoreEnv) {
    this.skip = skip;
    this.ignoreEnv = ignoreEnv;
  }

  /**
   * @param skip old nodes whose content may change (null: compare environments only)
   * @param ignoreEnv old service mappings that may gain an {@code environment} key
   * @param expectedEnv per service, the environment it must have after the edit
   */
  static void verify(ComposeFile before, ComposeFile after, Set<YNode> skip, Set<YNode> ignoreEnv,
      Map<String, Map<String, String>> expectedEnv) {
    if (!before.serviceNames().equals(after.serviceNames())) {
      throw EnvEdit.internal(before, "the list of services changed", null);
    }
    if (skip != null) {
      Verifier v = new Verifier(skip, ignoreEnv);
      String diff = v.compare(before.tree().root(), after.tree().root());
      if (diff != null) {
        throw EnvEdit.internal(before, "unexpected change at " + diff, null);
      }
    }
    for (Map.Entry<String, Map<String, String>> e : expectedEnv.entrySet()) {
      Map<String, String> actual = after.tree().model().services().get(e.getKey()).vars();
      if (!actual.equals(e.getValue())) {
        throw EnvEdit.internal(before,
            "service " + e.getKey() + " would get environment " + actual + " instead of "
                + e.getValue(), null);
      }
    }
  }

  /** Null when equal, else the path to the first difference (built only then). */
  private String compare(YNode a, YNode b) {
    if (skip.contains(a)) {
      return null;
    }
    a = a.deref();
    b = b.deref();
    if (skip.contains(a) || matched.get(a) == b) {
      return null;
    }
    if (a.kind != b.kind || !Objects.equals(a.tag, b.tag)) {
      return " (kind or tag)";
    }
    switch (a.kind) {
      case SCALAR -> {
        if (!a.value.equals(b.value) || (a.style == YNode.Style.PLAIN) != (b.style == YNode.Style.PLAIN)) {
          return " (value)";
        }
      }
      case SEQUENCE -> {
        if (a.children.size() != b.children.size()) {
          return " (length)";
        }
        for (int i = 0; i < a.children.size(); i++) {
          String d = compare(a.children.get(i), b.children.get(i));
          if (d != null) {
            return "/" + i + d;
          }
        }
      }
      case MAPPING -> {
        boolean ign = ignoreEnv.contains(a);
        int i = 0;
        int j = 0;
        while (true) {
          i = next(a, i, ign);
          j = next(b, j, ign);
          if (i >= a.size() || j >= b.size()) {
            if (i < a.size() || j < b.size()) {
              return " (keys)";
            }
            break;
          }
          String d = compare(a.key(i), b.key(j));
          if (d == null) {
            d = compare(a.val(i), b.val(j));
          }
          if (d != null) {
            return "/" + (a.key(i).deref().kind == YNode.Kind.SCALAR ? a.key(i).deref().value : "?")
                + d;
          }
          i++;
          j++;
        }
      }
      default -> {}
    }
    if (a.anchor != null) {
      matched.put(a, b);
    }
    return null;
  }

  private static int next(YNode map, int i, boolean ignoreEnvironment) {
    while (ignoreEnvironment && i < map.size()) {
      YNode k = map.key(i).deref();
      if (k.kind == YNode.Kind.SCALAR && k.value.equals("environment")) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }
}
