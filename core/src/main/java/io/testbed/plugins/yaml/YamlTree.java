package io.testbed.plugins.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Builds the {@link YNode} tree from SnakeYAML Engine's event stream, keeping every node's place.
 * Composition is iterative (no recursion on nesting depth), aliases are shared, never expanded, and
 * bounded in number; nesting depth and input size are bounded too.
 */
public final class YamlTree {
  static final int MAX_DEPTH = 200;
  static final int MAX_ALIASES = 10_000;
  static final int MAX_CODE_POINTS = 16 * 1024 * 1024;

  private YamlTree() {}

  /**
   * The reader's settings. Its buffer holds the whole text ({@code length} chars): with a smaller
   * one the reader copies its window again for every buffer's worth of a long token, which takes
   * time quadratic in the length of a long line.
   */
  static LoadSettings settings(String label, int length) {
    return LoadSettings.builder()
        .setLabel(label == null ? "compose" : label)
        .setBufferSize(Math.max(1024, length + 1))
        .setCodePointLimit(MAX_CODE_POINTS)
        .setMaxAliasesForCollections(50)
        .setAllowDuplicateKeys(false)
        .setAllowRecursiveKeys(false)
        .build();
  }

  /**
   * The single document's root node; null for an empty stream. Every anchored node is added to
   * {@code anchorDefinitions} under its anchor name, in document order.
   */
  public static YNode compose(Source src, Map<String, List<YNode>> anchorDefinitions) {
    Deque<YNode> stack = new ArrayDeque<>();
    Map<String, YNode> anchors = new HashMap<>();
    Map<String, String> strings = new HashMap<>();
    YNode root = null;
    int documents = 0;
    int aliases = 0;
    Event last = null;
    try {
      for (Event ev : new Parse(settings(src.label, src.text.length())).parseString(src.body())) {
        last = ev;
        switch (ev.getEventId()) {
          case DocumentStart -> {
            documents++;
            if (documents > 1) {
              throw src.error(start(src, ev),
                  "the file holds more than one YAML document",
                  "A compose file is a single document: remove the '---' and what follows, or"
                      + " split it into separate files.");
            }
          }
          case Scalar -> {
            ScalarEvent se = (ScalarEvent) ev;
            YNode n =
                YNode.scalar(
                    start(src, ev), end(src, ev), anchor(se), se.getTag().orElse(null),
                    style(se.getScalarStyle()), shared(strings, se.getValue()));
            root = attach(stack, root, anchors, anchorDefinitions, n);
          }
          case MappingStart, SequenceStart -> {
            CollectionStartEvent ce = (CollectionStartEvent) ev;
            YNode n =
                YNode.collection(
                    ev.getEventId() == Event.ID.MappingStart
                        ? YNode.Kind.MAPPING
                        : YNode.Kind.SEQUENCE,
                    start(src, ev), anchor(ce), ce.getTag().orElse(null), ce.isFlow());
            root = attach(stack, root, anchors, anchorDefinitions, n);
            stack.push(n);
            if (stack.size() > MAX_DEPTH) {
              throw src.error(n.start, "nesting deeper than " + MAX_DEPTH + " levels",
                  "A compose file never needs this much nesting; check the indentation.");
            }
          }
          case MappingEnd, SequenceEnd -> {
            YNode n = stack.pop();
            n.end = Math.max(n.start, end(src, ev));
            n.closed = true;
            for (int i = 0; i < n.children.size(); i++) { // no iterator per node
              n.height = Math.max(n.height, n.children.get(i).deref().height + 1);
            }
            if (n.height > MAX_DEPTH) {
              // Aliases nest what they stand for: every walk of the document stays this shallow.
              throw src.error(n.start,
                  "nesting deeper than " + MAX_DEPTH + " levels, counting what aliases stand for",
                  "A compose file never needs this much nesting; check chains of '<<: *alias'.");
            }
          }
          case Alias -> {
            String name = ((AliasEvent) ev).getAlias().getValue();
            YNode target = anchors.get(name);
            int at = start(src, ev);
            if (target == null) {
              throw src.error(at, "alias *" + name + " refers to no anchor",
                  "Define '&" + name + "' before this alias, or fix the alias name.");
            }
            if (!target.closed) {
              throw src.error(at, "alias *" + name + " refers to a node that contains it",
                  "Recursive aliases are not allowed in a compose file.");
            }
            if (++aliases > MAX_ALIASES) {
              throw src.error(at, "more than " + MAX_ALIASES + " aliases",
                  "The file looks like an alias bomb; a compose file never needs this many.");
            }
            root = attach(stack, root, anchors, anchorDefinitions, YNode.alias(at, end(src, ev), target));
          }
          default -> {}
        }
      }
    } catch (MarkedYamlEngineException e) {
      throw malformed(src, e);
    } catch (YamlEngineException e) {
      int at = last == null ? 0 : start(src, last);
      throw src.error(at, "malformed YAML: " + e.getMessage(),
          "Fix the YAML syntax here.", e);
    }
    return root;
  }

  /**
   * A SnakeYAML error as a YamlException at the problem's place. When the problem is only seen at
   * the end of the text (an unterminated quote or bracket), the place is where the construct
   * started, since that is where the fix goes.
   */
  private static YamlException malformed(Source src, MarkedYamlEngineException e) {
    Optional<Mark> problemMark = e.getProblemMark();
    Optional<Mark> contextMark = e.getContextMark();
    String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext();
    String hint = "Fix the YAML syntax here (check indentation, quotes, brackets and colons).";
    Optional<Mark> at = problemMark.or(() -> contextMark);
    if (at.isEmpty()) {
      return new YamlException(src.label, 0, 0,
          "malformed YAML: " + (context.isEmpty() ? "" : context + ": ") + problem, null, hint, e);
    }
    int offset = src.charOffset(at.get().getIndex());
    String where = "";
    if (contextMark.isPresent() && problemMark.isPresent()) {
      int cOffset = src.charOffset(contextMark.get().getIndex());
      boolean atEnd = src.text.substring(offset).isBlank();
      String what = context.replaceFirst("^while (scanning|parsing) ", "");
      if (atEnd && !what.isEmpty()) {
        where = " (" + what + " that starts here is never closed)";
        offset = cOffset;
      } else if (!context.isEmpty() && src.lineOf(cOffset) != src.lineOf(offset)) {
        where = " (" + context + " started at line " + (src.lineOf(cOffset) + 1) + ", column "
            + src.column(cOffset) + ")";
      }
    } else if (!context.isEmpty()) {
      where = " (" + context + ")";
    }
    return src.error(offset, "malformed YAML: " + problem + where, hint, e);
  }

  private static YNode attach(Deque<YNode> stack, YNode root, Map<String, YNode> anchors,
      Map<String, List<YNode>> anchorDefinitions, YNode n) {
    if (n.anchor != null) {
      anchors.put(n.anchor, n);
      anchorDefinitions.computeIfAbsent(n.anchor, a -> new ArrayList<>()).add(n);
    }
    if (stack.isEmpty()) {
      return root == null ? n : root;
    }
    stack.peek().children.add(n);
    return root;
  }

  /** Longest scalar kept once per document however often it occurs (keys, common values). */
  static final int SHARED_LENGTH = 48;

  /**
   * One String for each short scalar text: a compose file repeats its keys ({@code image},
   * {@code environment}, ...) and many values in every service, and the tree keeps them all.
   */
  private static String shared(Map<String, String> strings, String value) {
    if (value.length() > SHARED_LENGTH) {
      return value;
    }
    String first = strings.putIfAbsent(value, value);
    return first == null ? value : first;
  }

  private static String anchor(NodeEvent ev) {
    Optional<Anchor> a = ev.getAnchor();
    return a.isPresent() ? a.get().getValue() : null;
  }

  private static int start(Source src, Event ev) {
    Optional<Mark> m = ev.getStartMark();
    return m.isPresent() ? src.charOffset(m.get().getIndex()) : 0;
  }

  private static int end(Source src, Event ev) {
    Optional<Mark> m = ev.getEndMark();
    return m.isPresent() ? src.charOffset(m.get().getIndex()) : 0;
  }

  private static YNode.Style style(ScalarStyle s) {
    return switch (s) {
      case SINGLE_QUOTED -> YNode.Style.SINGLE;
      case DOUBLE_QUOTED -> YNode.Style.DOUBLE;
      case LITERAL -> YNode.Style.LITERAL;
      case FOLDED -> YNode.Style.FOLDED;
      default -> YNode.Style.PLAIN;
    };
  }

  /**
   * Rejects what Compose rejects in keys anywhere in the document: a key that is not text, a
   * duplicate key, a merge key ({@code <<}) given something else than a mapping or a list of
   * mappings. Visits each node once: only an anchored node can be reached again (through an
   * alias), so only those are remembered.
   */
  public static void checkKeys(Source src, YNode root) {
    IdentityHashMap<YNode, Boolean> seen = new IdentityHashMap<>();
    Deque<YNode> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      YNode n = todo.pop().deref();
      if (n.anchor != null && seen.put(n, Boolean.TRUE) != null) {
        continue;
      }
      if (n.kind == YNode.Kind.MAPPING) {
        Map<String, YNode> keys = n.size() > 8 ? new HashMap<>() : null; // small: compare pairs
        for (int i = 0; i < n.size(); i++) {
          YNode k = n.key(i);
          YNode kd = k.deref();
          if (kd.kind != YNode.Kind.SCALAR) {
            throw src.error(k.start,
                "a key must be a plain name, not a " + kd.kind.name().toLowerCase(java.util.Locale.ROOT),
                "Compose only accepts text keys; check for a stray '?', '[' or '{'.");
          }
          YNode first = keys != null ? keys.putIfAbsent(kd.value, k) : null;
          for (int j = 0; keys == null && j < i && first == null; j++) {
            first = kd.value.equals(n.key(j).deref().value) ? n.key(j) : null;
          }
          if (first != null) {
            throw src.error(k.start,
                "duplicate key '" + kd.value + "' (first defined on line "
                    + (src.lineOf(first.start) + 1) + ")",
                "Remove one of the two entries; YAML and Compose reject duplicate keys.");
          }
          if (k.isMergeKey()) {
            checkMerge(src, n.val(i));
          }
        }
      }
      for (int i = 0; i < n.children.size(); i++) {
        todo.push(n.children.get(i));
      }
    }
  }

  private static void checkMerge(Source src, YNode value) {
    YNode v = value.deref();
    for (YNode item : v.kind == YNode.Kind.SEQUENCE ? v.children : List.of(value)) {
      if (item.deref().kind != YNode.Kind.MAPPING) {
        throw src.error(item.start,
            "a merge key '<<' must be given a mapping or a list of mappings",
            "Point '<<' at an anchored mapping, e.g. '<<: *defaults'.");
      }
    }
  }
}
