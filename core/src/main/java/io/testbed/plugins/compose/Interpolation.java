package io.testbed.plugins.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Variable substitution as docker compose does it in compose files and {@code .env} files: {@code
 * $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}},
 * {@code ${VAR?error}}, {@code ${VAR:+alternative}}, {@code ${VAR+alternative}} (defaults and
 * alternatives may nest), and {@code $$} for a literal {@code $}. An unset variable without a
 * default becomes the empty string, as in compose. One left-to-right scan: linear in the text.
 */
public final class Interpolation {
  private Interpolation() {}

  /** A {@code ${…}} or {@code $VAR} reference found in a text. */
  public record Reference(String name, int offset, boolean hasDefault) {}

  /** Why a text cannot be interpolated; {@code offset} is the char index in the text. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    Failure(String message, int offset) {
      super(message, null, false, false);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  /**
   * Substitutes every reference in {@code text}.
   *
   * @param lookup a variable's value, or empty when it is not set
   * @throws Failure for {@code ${VAR:?message}} with VAR unset (or empty) and for malformed {@code
   *     ${…}}
   */
  public static String interpolate(String text, Function<String, Optional<String>> lookup) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int end = new Scanner(text, lookup, out, null).run(0, false);
    if (end != text.length()) {
      throw new Failure("unexpected '}'", end);
    }
    return out.toString();
  }

  /** Every variable {@code text} refers to, in order, with whether a default or alternative covers it. */
  public static List<Reference> references(String text) {
    List<Reference> refs = new ArrayList<>();
    if (text.indexOf('$') >= 0) {
      try {
        new Scanner(text, name -> Optional.empty(), new StringBuilder(), refs).run(0, false);
      } catch (Failure e) {
        // malformed text: the references found up to the problem are still reported
      }
    }
    return refs;
  }

  private static boolean nameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean namePart(char c) {
    return nameStart(c) || (c >= '0' && c <= '9');
  }

  /** A recursive-descent scan; nesting depth is bounded by the number of nested {@code ${}}. */
  private static final class Scanner {
    private static final int MAX_DEPTH = 64;
    private final String text;
    private final Function<String, Optional<String>> lookup;
    private StringBuilder out;
    private final List<Reference> refs;
    private int depth;

    Scanner(String text, Function<String, Optional<String>> lookup, StringBuilder out,
        List<Reference> refs) {
      this.text = text;
      this.lookup = lookup;
      this.out = out;
      this.refs = refs;
    }

    /** Scans from {@code i}; inside braces stops at the closing '}' (returns its index). */
    int run(int i, boolean inBraces) {
      int n = text.length();
      while (i < n) {
        char c = text.charAt(i);
        if (inBraces && c == '}') {
          return i;
        }
        if (c != '$') {
          out.append(c);
          i++;
          continue;
        }
        if (i + 1 >= n) {
          out.append('$');
          return n;
        }
        char d = text.charAt(i + 1);
        if (d == '$') {
          out.append('$');
          i += 2;
        } else if (d == '{') {
          i = braced(i);
        } else if (nameStart(d)) {
          int j = i + 1;
          while (j < n && namePart(text.charAt(j))) {
            j++;
          }
          String name = text.substring(i + 1, j);
          if (refs != null) {
            refs.add(new Reference(name, i, false));
          }
          out.append(lookup.apply(name).orElse(""));
          i = j;
        } else {
          out.append('$');
          i++;
        }
      }
      if (inBraces) {
        throw new Failure("'${' is not closed with '}'", n);
      }
      return n;
    }

    /** {@code ${…}} starting at {@code dollar}; returns the index after the closing brace. */
    private int braced(int dollar) {
      int n = text.length();
      int j = dollar + 2;
      while (j < n && namePart(text.charAt(j))) {
        j++;
      }
      String name = text.substring(dollar + 2, j);
      if (name.isEmpty() || !nameStart(name.charAt(0))) {
        throw new Failure("invalid interpolation format: '" + excerpt(dollar)
            + "'; a variable name starts with a letter or '_'", dollar);
      }
      if (j >= n) {
        throw new Failure("'${' is not closed with '}'", dollar);
      }
      char c = text.charAt(j);
      if (c == '}') {
        if (refs != null) {
          refs.add(new Reference(name, dollar, false));
        }
        out.append(lookup.apply(name).orElse(""));
        return j + 1;
      }
      boolean colon = c == ':';
      int op = colon ? j + 1 : j;
      char kind = op < n ? text.charAt(op) : 0;
      if (kind != '-' && kind != '?' && kind != '+') {
        throw new Failure("invalid interpolation format: '" + excerpt(dollar)
            + "'; use ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error} or ${VAR:+alternative}",
            dollar);
      }
      if (refs != null) {
        refs.add(new Reference(name, dollar, kind != '?'));
      }
      if (++depth > MAX_DEPTH) {
        throw new Failure("interpolation nested more than " + MAX_DEPTH + " levels deep", dollar);
      }
      StringBuilder saved = out;
      out = new StringBuilder();
      int close = run(op + 1, true);
      String word = out.toString();
      out = saved;
      depth--;
      Optional<String> value = lookup.apply(name);
      boolean set = colon ? value.filter(v -> !v.isEmpty()).isPresent() : value.isPresent();
      switch (kind) {
        case '-' -> out.append(set ? value.get() : word);
        case '+' -> out.append(set ? word : "");
        default -> {
          if (!set && refs == null) {
            throw new Failure("required variable " + name + " is "
                + (value.isPresent() ? "empty" : "missing a value")
                + (word.isEmpty() ? "" : ": " + word), dollar);
          }
          out.append(value.orElse(""));
        }
      }
      return close + 1;
    }

    private String excerpt(int from) {
      int close = text.indexOf('}', from);
      int to = close < 0 ? Math.min(text.length(), from + 40) : Math.min(close + 1, from + 80);
      return text.substring(from, to);
    }
  }
}
