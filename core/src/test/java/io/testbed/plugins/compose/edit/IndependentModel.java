package io.testbed.plugins.compose.edit;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A second, independent reading of a compose text for checking edits: SnakeYAML Engine's own
 * composer into plain Java maps, lists and strings (nulls for YAML nulls), with merge keys
 * resolved here, shallowly, as Compose does. Shares no code with the editor.
 */
final class IndependentModel {
  final Map<Object, Object> root;

  IndependentModel(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(1000)
        .setSchema(new org.snakeyaml.engine.v2.schema.CoreSchema())
        .setCodePointLimit(64 * 1024 * 1024).build();
    Node node = new Compose(settings).composeString(body).orElseThrow();
    @SuppressWarnings("unchecked")
    Map<Object, Object> r = (Map<Object, Object>) convert(node, new IdentityHashMap<>());
    root = r;
  }

  private static Object convert(Node n, IdentityHashMap<Node, Object> memo) {
    Object done = memo.get(n);
    if (done != null) {
      return done;
    }
    Object out;
    if (n instanceof ScalarNode s) {
      out = Tag.NULL.equals(s.getTag()) ? null : s.getValue();
      if (out == null) {
        return null;
      }
    } else if (n instanceof SequenceNode seq) {
      List<Object> list = new ArrayList<>();
      memo.put(n, list);
      for (Node item : seq.getValue()) {
        list.add(convert(item, memo));
      }
      out = list;
    } else {
      Map<Object, Object> map = new LinkedHashMap<>();
      memo.put(n, map);
      for (NodeTuple t : ((MappingNode) n).getValue()) {
        map.put(convert(t.getKeyNode(), memo), convert(t.getValueNode(), memo));
      }
      out = map;
    }
    memo.put(n, out);
    return out;
  }

  /** A mapping with {@code <<} merged in: local keys first win, then sources in order. */
  @SuppressWarnings("unchecked")
  static Map<Object, Object> merged(Map<Object, Object> map) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Map.Entry<Object, Object> e : map.entrySet()) {
      if (!"<<".equals(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    Object m = map.get("<<");
    List<Object> sources = m instanceof List<?> l ? (List<Object>) l : m == null ? List.of() : List.of(m);
    for (Object s : sources) {
      if (s instanceof Map<?, ?> sm) {
        merged((Map<Object, Object>) sm).forEach(out::putIfAbsent);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  Map<Object, Object> services() {
    Object s = root.get("services");
    return s instanceof Map<?, ?> m ? (Map<Object, Object>) m : Map.of();
  }

  /** The service's definition with merges resolved and without {@code environment}. */
  @SuppressWarnings("unchecked")
  Map<Object, Object> serviceWithoutEnvironment(String name) {
    Object svc = services().get(name);
    if (!(svc instanceof Map<?, ?> m)) {
      return new LinkedHashMap<>();
    }
    Map<Object, Object> out = merged((Map<Object, Object>) m);
    out.remove("environment");
    return out;
  }

  /** The service's effective environment; null values for variables without a value. */
  @SuppressWarnings("unchecked")
  Map<String, String> environment(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    Object svc = services().get(name);
    if (!(svc instanceof Map<?, ?> m)) {
      return out;
    }
    Object env = merged((Map<Object, Object>) m).get("environment");
    if (env instanceof Map<?, ?> em) {
      for (Map.Entry<Object, Object> e : merged((Map<Object, Object>) em).entrySet()) {
        Object v = e.getValue();
        out.put(String.valueOf(e.getKey()), v == null ? null
            : v instanceof String str ? str : "<" + v.getClass().getSimpleName() + ">");
      }
    } else if (env instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String s) {
          int eq = s.indexOf('=');
          out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
        }
      }
    }
    return out;
  }

  /** Top-level keys other than services and extension fields ({@code x-*}). */
  Map<Object, Object> others() {
    Map<Object, Object> out = new LinkedHashMap<>(root);
    out.remove("services");
    out.keySet().removeIf(k -> String.valueOf(k).startsWith("x-"));
    return out;
  }
}
