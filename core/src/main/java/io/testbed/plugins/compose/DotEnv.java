package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.yaml.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@code .env} or {@code env_file} file, parsed by docker compose's rules and kept with every
 * entry's place, so values can be reported as {@code file:line:col} and edited in place.
 *
 * <p>The rules: blank lines and lines starting with {@code #} are skipped; an optional {@code
 * export } prefix; {@code KEY=VALUE} or {@code KEY: VALUE}; a key alone takes its value from the
 * environment. Keys are letters, digits, {@code _ . - [ ]}. An unquoted value runs to the end of
 * the line, loses a {@code " #"} comment and trailing blanks, and is interpolated. A double-quoted
 * value may span lines, knows {@code \n}, {@code \r} and backslash escapes, and is interpolated. A
 * single-quoted value is literal. Interpolation sees the process environment first, then the
 * entries above it in the same file.
 */
public final class DotEnv {

  /**
   * One definition.
   *
   * @param key the variable
   * @param exported the line starts with {@code export }
   * @param quote {@code '"'}, {@code '\''}, or {@code 0} for an unquoted value
   * @param literal the value after quote and escape processing, before interpolation; null for a
   *     key alone (no {@code =})
   * @param keyStart char offset of the key in {@link #text()}
   * @param valueStart char offset of the value as written (its opening quote, if any)
   * @param valueEnd char offset just past the value as written (past its closing quote)
   */
  public record Entry(
      String key, boolean exported, char quote, String literal, int keyStart, int valueStart,
      int valueEnd) {
    /** The value is interpolated ({@code $VAR}, {@code ${VAR}}); single-quoted values are not. */
    public boolean interpolated() {
      return quote != '\'';
    }
  }

  private final Path path;
  final Source src;
  private final List<Entry> entries;

  private DotEnv(Path path, Source src, List<Entry> entries) {
    this.path = path;
    this.src = src;
    this.entries = List.copyOf(entries);
  }

  /** Reads and parses a file. */
  public static DotEnv read(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw ComposeException.of(Kind.IO, path.toString(), "no such file", "", e);
    } catch (AccessDeniedException e) {
      throw ComposeException.permissionDenied(path.toString(), path, "read",
          "nothing was changed.", e);
    } catch (IOException e) {
      throw ComposeException.of(Kind.IO, path.toString(), "cannot read: " + e.getMessage(), "", e);
    }
    return parse(path, path.toString(), new String(bytes, StandardCharsets.UTF_8));
  }

  /** Parses text held in memory; {@code label} names it in messages. */
  public static DotEnv parse(String label, String text) {
    return parse(null, label, text);
  }

  private static DotEnv parse(Path path, String label, String text) {
    Source src = new Source(label, text);
    return new DotEnv(path, src, new Parser(src).entries());
  }

  /** The file this was read from; empty for parsed text. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  public String label() {
    return src.label;
  }

  /** The text and its position arithmetic, for edits and places in messages. */
  public Source source() {
    return src;
  }

  /** The exact text. */
  public String text() {
    return src.text;
  }

  /** Every definition, in file order (a key may appear more than once; the last one counts). */
  public List<Entry> entries() {
    return entries;
  }

  /** The definition that counts for {@code key}: the last one. */
  public Optional<Entry> entry(String key) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).key().equals(key)) {
        return Optional.of(entries.get(i));
      }
    }
    return Optional.empty();
  }

  /** Where an offset of {@link #text()} is. */
  public Place place(int offset) {
    return Place.of(src, offset);
  }

  /**
   * The values, interpolated, as compose computes them: {@code lookup} (the process environment)
   * wins over entries above in the file; a key alone takes its value from {@code lookup} and is
   * left out when that has none.
   *
   * @throws ComposeException at the entry's place for {@code ${VAR:?message}} without VAR, or a
   *     malformed reference
   */
  public Map<String, String> values(Function<String, Optional<String>> lookup) {
    Map<String, String> values = new LinkedHashMap<>();
    Function<String, Optional<String>> chained =
        name -> lookup.apply(name).or(() -> Optional.ofNullable(values.get(name)));
    for (Entry e : entries) {
      if (e.literal() == null) {
        lookup.apply(e.key()).ifPresent(v -> values.put(e.key(), v));
      } else {
        values.put(e.key(), value(e, chained));
      }
    }
    return values;
  }

  /** One entry's value, interpolated with {@code lookup}; a key alone gives null. */
  public String value(Entry e, Function<String, Optional<String>> lookup) {
    if (e.literal() == null) {
      return lookup.apply(e.key()).orElse(null);
    }
    if (!e.interpolated()) {
      return e.literal();
    }
    try {
      return Interpolation.interpolate(e.literal(), lookup);
    } catch (Interpolation.Failure f) {
      int at = Math.min(e.valueStart() + (e.quote() == 0 ? 0 : 1) + f.offset(), e.valueEnd());
      throw ComposeException.at(src, Kind.INVALID, at, f.getMessage(),
          "Set the variable in the environment or in .env, give it a default (${VAR:-default}),"
              + " or write a literal '$' as '$$'.");
    }
  }

  /** The parser: one pass over the text, linear in its length. */
  private static final class Parser {
    private final Source src;
    private final String t;
    private int i;

    Parser(Source src) {
      this.src = src;
      this.t = src.text;
      this.i = src.bomLength;
    }

    List<Entry> entries() {
      List<Entry> out = new ArrayList<>();
      while (skipBlankAndComments()) {
        out.add(statement());
      }
      return out;
    }

    /** Skips blanks, line breaks and comment lines; false at the end of the text. */
    private boolean skipBlankAndComments() {
      while (i < t.length()) {
        char c = t.charAt(i);
        if (c == '#') {
          while (i < t.length() && t.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '\n' || isSpace(c)) {
          i++;
        } else {
          return true;
        }
      }
      return false;
    }

    private Entry statement() {
      boolean exported = false;
      if (t.startsWith("export", i) && i + 6 < t.length() && isSpace(t.charAt(i + 6))) {
        exported = true;
        i += 6;
        while (i < t.length() && isSpace(t.charAt(i))) {
          i++;
        }
      }
      int keyStart = i;
      int keyEnd = i;
      while (i < t.length()) {
        char c = t.charAt(i);
        if (c == '=' || c == ':' || c == '\n') {
          break;
        }
        if (!isSpace(c)) {
          if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '['
              || c == ']')) {
            throw ComposeException.at(src, Kind.INVALID, i,
                "unexpected character '" + printable(c) + "' in a variable name",
                "A line is KEY=VALUE; a name has letters, digits and '_' (a comment line starts"
                    + " with '#').");
          }
          keyEnd = i + 1;
        }
        i++;
      }
      String key = t.substring(keyStart, keyEnd);
      if (key.isEmpty()) {
        throw ComposeException.at(src, Kind.INVALID, keyStart, "a line with no variable name",
            "A line is KEY=VALUE.");
      }
      if (i >= t.length() || t.charAt(i) == '\n') {
        return new Entry(key, exported, (char) 0, null, keyStart, keyEnd, keyEnd);
      }
      i++; // the separator
      while (i < t.length() && isSpace(t.charAt(i))) {
        i++;
      }
      int valueStart = i;
      char q = i < t.length() ? t.charAt(i) : 0;
      if (q == '"' || q == '\'') {
        return quoted(key, exported, keyStart, valueStart, q);
      }
      int lineEnd = t.indexOf('\n', i);
      if (lineEnd < 0) {
        lineEnd = t.length();
      }
      int end = lineEnd;
      int comment = t.indexOf(" #", i);
      if (comment >= 0 && comment < lineEnd) {
        end = comment;
      }
      while (end > valueStart && Character.isWhitespace(t.charAt(end - 1))) {
        end--;
      }
      i = lineEnd;
      return new Entry(key, exported, (char) 0, t.substring(valueStart, end), keyStart,
          valueStart, end);
    }

    private Entry quoted(String key, boolean exported, int keyStart, int valueStart, char q) {
      StringBuilder sb = new StringBuilder();
      boolean escape = false;
      for (int j = valueStart + 1; j < t.length(); j++) {
        char c = t.charAt(j);
        if (c != q) {
          if (!escape && c == '\\') {
            escape = true;
            continue;
          }
          if (escape) {
            escape = false;
            sb.append('\\');
          }
          sb.append(c);
          continue;
        }
        if (escape) {
          escape = false;
          sb.append(c);
          continue;
        }
        i = j + 1;
        String literal = q == '"' ? unescape(sb) : sb.toString();
        return new Entry(key, exported, q, literal, keyStart, valueStart, i);
      }
      throw ComposeException.at(src, Kind.INVALID, valueStart,
          "the quoted value of " + key + " is not closed",
          "Close it with " + q + " (a quoted value may span lines), or remove the quote.");
    }

    /** Double-quoted escapes: \n, \r; \$ stays a literal '$'; \X is X. */
    private static String unescape(CharSequence s) {
      StringBuilder out = new StringBuilder(s.length());
      for (int j = 0; j < s.length(); j++) {
        char c = s.charAt(j);
        if (c != '\\' || j + 1 >= s.length()) {
          out.append(c);
          continue;
        }
        char d = s.charAt(++j);
        switch (d) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case '$' -> out.append("$$");
          default -> out.append(d);
        }
      }
      return out.toString();
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085'
          || c == '\u00A0';
    }

    private static String printable(char c) {
      return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
  }
}
