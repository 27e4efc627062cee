package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.yaml.Scalars;
import io.testbed.plugins.yaml.Source;
import io.testbed.plugins.yaml.TextEdit;
import io.testbed.plugins.yaml.YNode;
import java.util.List;

/**
 * The text being edited and the variable being set in it: where a node's own text really ends, the
 * file's indentation, and the splices that insert whole lines. Shared by the forms an environment
 * takes ({@link MapForm}, {@link ListForm}, {@link FlowForm}) and by {@link Merges}.
 */
final class Layout {
  final ComposeFile file;
  final Source src;
  final String text;
  /** The variable's name. */
  final String name;
  /** Its value as written in YAML (each literal {@code $} doubled). */
  final String value;
  /** The file's indentation unit. */
  final String step;

  Layout(ComposeFile file, String name, String value) {
    this.file = file;
    this.src = file.tree().source();
    this.text = file.tree().source().text;
    this.name = name;
    this.value = value;
    this.step = indentStep();
  }

  /** The variable's name as a mapping key. */
  String key() {
    return Scalars.plainOk(name, true) ? name : Scalars.doubleQuoted(name);
  }

  List<TextEdit> insertLinesAfter(int end, List<String> lines) {
    int le = src.lineEnd(end);
    String br = src.breakAt(le);
    StringBuilder sb = new StringBuilder();
    if (br.isEmpty()) {
      String b = src.lineBreak();
      for (String l : lines) {
        sb.append(b).append(l);
      }
      return List.of(TextEdit.insert(le, sb.toString()));
    }
    for (String l : lines) {
      sb.append(l).append(br);
    }
    return List.of(TextEdit.insert(le + br.length(), sb.toString()));
  }

  List<TextEdit> insertLinesBefore(YNode keyNode, List<String> lines) {
    int ls = src.lineStart(keyNode.start);
    String br = src.breakAt(src.lineEnd(ls));
    if (br.isEmpty()) {
      br = src.lineBreak();
    }
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append(br);
    }
    return List.of(TextEdit.insert(ls, sb.toString()));
  }

  /** The indentation of a key's line, as spaces (a "- " before the key counts as spaces). */
  String indentOf(YNode keyNode) {
    int ls = src.lineStart(keyNode.start);
    StringBuilder sb = new StringBuilder();
    for (int i = ls; i < keyNode.start; i++) {
      sb.append(text.charAt(i) == '\t' ? '\t' : ' ');
    }
    return sb.toString();
  }

  /** The file's indentation unit: service keys relative to 'services'. */
  String indentStep() {
    YNode services = file.tree().services();
    int width = 2;
    if (!services.flow && services.size() > 0) {
      YNode servicesKey = file.tree().root().key(file.tree().root().indexOf("services"));
      int w = indentOf(services.key(0)).length() - indentOf(servicesKey).length();
      if (w > 0 && w <= 8) {
        width = w;
      }
    }
    return " ".repeat(width);
  }

  int entryEnd(YNode map, int i) {
    YNode v = map.val(i);
    int end = realEnd(map.key(i));
    if (implicitEmpty(v)) {
      int colon = colonAfter(map.key(i));
      return colon >= 0 ? colon + 1 : end;
    }
    return Math.max(end, realEnd(v));
  }

  /** Offset of the ':' after a mapping key, or -1. */
  int colonAfter(YNode keyNode) {
    int i = realEnd(keyNode);
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i < text.length() && text.charAt(i) == ':' ? i : -1;
  }

  static boolean implicitEmpty(YNode n) {
    return n.kind == YNode.Kind.SCALAR && n.style == YNode.Style.PLAIN && n.value.isEmpty()
        && n.start == n.end;
  }

  boolean keepsTrailingLines(YNode n) {
    int i = n.start;
    while (i < n.end && text.charAt(i) != '|' && text.charAt(i) != '>') {
      i++;
    }
    int le = src.lineEnd(i);
    String header = text.substring(i, le);
    int hash = header.indexOf('#');
    return (hash < 0 ? header : header.substring(0, hash)).contains("+");
  }

  /** Where a node's own text really ends (block collections' marks run on to the next token). */
  int realEnd(YNode n) {
    switch (n.kind) {
      case ALIAS:
        return n.end;
      case SCALAR:
        if (n.style == YNode.Style.LITERAL || n.style == YNode.Style.FOLDED) {
          if (keepsTrailingLines(n) && n.end > n.start) {
            // "|+": trailing blank lines are content; end on the last line break.
            return n.end - 1;
          }
          int e = n.end;
          while (e > n.start && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
          }
          return e;
        }
        return n.end;
      default:
        if (n.flow || n.children.isEmpty()) {
          return n.end;
        }
        if (n.kind == YNode.Kind.MAPPING) {
          return entryEnd(n, n.size() - 1);
        }
        YNode lastItem = last(n);
        return implicitEmpty(lastItem) ? lastItem.start : realEnd(lastItem);
    }
  }

  static boolean hasComplexKeys(YNode map) {
    for (int i = 0; i < map.size(); i++) {
      YNode k = map.key(i).deref();
      if (k.kind != YNode.Kind.SCALAR || k.start == k.end || k.hasCustomTag()) {
        return true;
      }
    }
    return false;
  }

  static YNode last(YNode n) {
    return n.children.get(n.children.size() - 1);
  }

  static YNode.Style styleOf(YNode item) {
    return item.kind == YNode.Kind.SCALAR ? item.style : YNode.Style.PLAIN;
  }
}
