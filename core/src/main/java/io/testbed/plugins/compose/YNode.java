package io.testbed.plugins.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * A YAML node with its place in the text (char offsets). Aliases are kept as nodes of their own
 * ({@link Kind#ALIAS}, pointing at the anchored node) so the alias token's place is known; the tree
 * is a DAG and is never expanded.
 */
final class YNode {
  enum Kind {
    SCALAR,
    MAPPING,
    SEQUENCE,
    ALIAS
  }

  /** Scalar styles that matter for editing. */
  enum Style {
    PLAIN,
    SINGLE,
    DOUBLE,
    LITERAL,
    FOLDED
  }

  final Kind kind;
  final int start;
  int end;
  final String anchor;
  final String tag;
  final boolean flow;
  final Style style;
  final String value;
  final YNode target;
  /** Sequence items, or mapping keys and values alternating. */
  final List<YNode> children;

  boolean closed;
  /** Levels of nesting this node holds, counting what its aliases stand for (a scalar: 1). */
  int height = 1;

  private YNode(
      Kind kind, int start, int end, String anchor, String tag, boolean flow, Style style,
      String value, YNode target) {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.anchor = anchor;
    this.tag = tag;
    this.flow = flow;
    this.style = style;
    this.value = value;
    this.target = target;
    this.children = kind == Kind.MAPPING || kind == Kind.SEQUENCE ? new ArrayList<>() : List.of();
    this.closed = kind != Kind.MAPPING && kind != Kind.SEQUENCE;
  }

  static YNode scalar(int start, int end, String anchor, String tag, Style style, String value) {
    return new YNode(Kind.SCALAR, start, end, anchor, tag, false, style, value, null);
  }

  static YNode collection(Kind kind, int start, String anchor, String tag, boolean flow) {
    return new YNode(kind, start, start, anchor, tag, flow, null, null, null);
  }

  static YNode alias(int start, int end, YNode target) {
    return new YNode(Kind.ALIAS, start, end, null, null, false, null, null, target);
  }

  /** The node an alias stands for; the node itself otherwise. */
  YNode deref() {
    return kind == Kind.ALIAS ? target : this;
  }

  boolean isMapping() {
    return deref().kind == Kind.MAPPING;
  }

  boolean isScalar() {
    return deref().kind == Kind.SCALAR;
  }

  int size() {
    return kind == Kind.MAPPING ? children.size() / 2 : children.size();
  }

  YNode key(int i) {
    return children.get(2 * i);
  }

  YNode val(int i) {
    return children.get(2 * i + 1);
  }

  /** A plain scalar YAML reads as null: empty, ~, null. */
  boolean isNull() {
    YNode n = deref();
    if (n.kind != Kind.SCALAR) {
      return false;
    }
    if (n.tag != null) {
      return n.tag.equals("tag:yaml.org,2002:null");
    }
    return n.style == Style.PLAIN
        && (n.value.isEmpty()
            || n.value.equals("~")
            || n.value.equals("null")
            || n.value.equals("Null")
            || n.value.equals("NULL"));
  }

  /** A tag written in the file that is not a standard YAML one, e.g. Compose's !reset. */
  boolean hasCustomTag() {
    return tag != null && !tag.startsWith("tag:yaml.org,2002:");
  }

  /** Index of the mapping entry whose key is the plain text {@code name}, or -1. */
  int indexOf(String name) {
    for (int i = 0; i < size(); i++) {
      YNode k = key(i).deref();
      if (k.kind == Kind.SCALAR && k.value.equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The value under {@code name} in this (local) mapping, or null. */
  YNode get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : val(i);
  }

  boolean isMergeKey() {
    YNode k = deref();
    return k.kind == Kind.SCALAR && k.style == Style.PLAIN && k.value.equals("<<");
  }

  @Override
  public String toString() {
    return kind + "@" + start + ".." + end + (value != null ? "=" + value : "");
  }
}
