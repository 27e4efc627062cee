package io.testbed.plugins.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * A YAML node with its place in the text (char offsets). Aliases are kept as nodes of their own
 * ({@link Kind#ALIAS}, pointing at the anchored node) so the alias token's place is known; the tree
 * is a DAG and is never expanded.
 */
public final class YNode {
  public enum Kind {
    SCALAR,
    MAPPING,
    SEQUENCE,
    ALIAS
  }

  /** Scalar styles that matter for editing. */
  public enum Style {
    PLAIN,
    SINGLE,
    DOUBLE,
    LITERAL,
    FOLDED
  }

  public final Kind kind;
  public final int start;
  public int end;
  public final String anchor;
  public final String tag;
  public final boolean flow;
  public final Style style;
  public final String value;
  public final YNode target;
  /** Sequence items, or mapping keys and values alternating. */
  public final List<YNode> children;

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

  /** A complete block mapping with no entries, at {@code at}: what an empty document stands for. */
  public static YNode emptyMapping(int at) {
    YNode n = collection(Kind.MAPPING, at, null, null, false);
    n.closed = true;
    return n;
  }

  /** The node an alias stands for; the node itself otherwise. */
  public YNode deref() {
    return kind == Kind.ALIAS ? target : this;
  }

  public boolean isMapping() {
    return deref().kind == Kind.MAPPING;
  }

  public boolean isScalar() {
    return deref().kind == Kind.SCALAR;
  }

  public int size() {
    return kind == Kind.MAPPING ? children.size() / 2 : children.size();
  }

  public YNode key(int i) {
    return children.get(2 * i);
  }

  public YNode val(int i) {
    return children.get(2 * i + 1);
  }

  /** A plain scalar YAML reads as null: empty, ~, null. */
  public boolean isNull() {
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
  public boolean hasCustomTag() {
    return tag != null && !tag.startsWith("tag:yaml.org,2002:");
  }

  /** Index of the mapping entry whose key is the plain text {@code name}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < size(); i++) {
      YNode k = key(i).deref();
      if (k.kind == Kind.SCALAR && k.value.equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The value under {@code name} in this (local) mapping, or null. */
  public YNode get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : val(i);
  }

  public boolean isMergeKey() {
    YNode k = deref();
    return k.kind == Kind.SCALAR && k.style == Style.PLAIN && k.value.equals("<<");
  }

  @Override
  public String toString() {
    return kind + "@" + start + ".." + end + (value != null ? "=" + value : "");
  }
}
