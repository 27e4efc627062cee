package io.testbed.plugins.yaml;

import java.util.regex.Pattern;

/** Writing YAML scalars that read back as exactly the intended string, in Compose and YAML 1.1. */
public final class Scalars {
  private static final Pattern NON_STRING =
      Pattern.compile(
          "~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
              + "|on|On|ON|off|Off|OFF|<<|=|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final Pattern NUMBER_LIKE =
      Pattern.compile("[-+]?\\.?[0-9][0-9a-fA-FxXoObB_.:eEtTzZ+\\-]*");

  private Scalars() {}

  /** Whether {@code s} may be written as a plain scalar and read back as the same string. */
  public static boolean plainOk(String s, boolean flow) {
    if (s.isEmpty() || NON_STRING.matcher(s).matches() || NUMBER_LIKE.matcher(s).matches()) {
      return false;
    }
    char first = s.charAt(0);
    if ("-?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0 || Character.isWhitespace(first)) {
      return false;
    }
    char last = s.charAt(s.length() - 1);
    if (Character.isWhitespace(last) || last == ':') {
      return false;
    }
    if (s.contains(": ") || s.contains(" #") || s.contains(":\t") || s.contains("\t#")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        return false;
      }
      if (flow && ",[]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  public static String doubleQuoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\u0085' -> sb.append("\\N");
        case '\u2028' -> sb.append("\\L");
        case '\u2029' -> sb.append("\\P");
        default -> {
          if (isControl(c)) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  public static boolean singleOk(String s) {
    return s.chars().noneMatch(c -> isControl((char) c));
  }

  /** Characters a plain or single-quoted scalar cannot hold as they are. */
  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029'
        || c == '\uFEFF' || (c >= 0x80 && c < 0xa0);
  }

  /** {@code s} in the preferred style when that reads back exactly, else plain, else double. */
  public static String render(String s, YNode.Style preferred, boolean flow) {
    if (preferred == YNode.Style.DOUBLE) {
      return doubleQuoted(s);
    }
    if (preferred == YNode.Style.SINGLE && singleOk(s)) {
      return "'" + s.replace("'", "''") + "'";
    }
    return plainOk(s, flow) ? s : doubleQuoted(s);
  }

  /** A literal value as Compose needs it: {@code $} doubled so it is not interpolated. */
  public static String escapeDollars(String literal) {
    return literal.replace("$", "$$");
  }
}
