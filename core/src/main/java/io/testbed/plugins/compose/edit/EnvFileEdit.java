package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.compose.DotEnv;
import io.testbed.plugins.yaml.TextEdit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sets variables in a {@code .env} / {@code env_file} file as splices over its text: a defined
 * variable gets a new value in place (its {@code export}, quote style and the rest of its line are
 * kept), a missing one is appended as {@code NAME=VALUE}. Comments, blank lines, order and line
 * endings stay as they were; a file without a final newline keeps having none.
 *
 * <p>Values are literal and are written by docker compose's {@code .env} rules: unquoted when
 * that is safe, in single quotes (literal, no interpolation) when the value has blanks, {@code #}
 * or quotes, and in double quotes (with {@code \\}, {@code \"}, {@code \n} escapes) when it holds
 * a single quote or a line break. In unquoted and double-quoted values {@code $} is written as
 * {@code $$}, because compose interpolates them. The new text is parsed again and must define
 * exactly the same entries, with only the intended values changed.
 */
final class EnvFileEdit {
  /** Characters an unquoted value may hold without changing meaning ({@code $} is doubled). */
  private static final Pattern SAFE_UNQUOTED = Pattern.compile("[A-Za-z0-9_./:@,+=%~^!*?&()\\[\\]{}$-]*");

  private EnvFileEdit() {}

  /**
   * The new text of {@code file} with {@code vars} (name to literal value) set.
   *
   * @throws ComposeException INTERNAL when the edited text does not verify (nothing is written)
   */
  static String plan(DotEnv file, Map<String, String> vars) {
    return TextEdit.apply(file.text(), edits(file, vars));
  }

  /**
   * {@link #plan} as splices over the file's text.
   *
   * @throws ComposeException INTERNAL when the edited text does not verify (nothing is written)
   */
  static List<TextEdit> edits(DotEnv file, Map<String, String> vars) {
    String text = file.text();
    String br = file.source().lineBreak();
    List<TextEdit> edits = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    Map<String, String> appended = new LinkedHashMap<>();
    boolean export = !file.entries().isEmpty()
        && file.entries().get(file.entries().size() - 1).exported();
    for (Map.Entry<String, String> v : vars.entrySet()) {
      Optional<DotEnv.Entry> existing = file.entry(v.getKey());
      if (existing.isPresent()) {
        DotEnv.Entry e = existing.get();
        String rendered = render(v.getValue(), e.quote());
        edits.add(e.literal() == null
            ? TextEdit.insert(e.valueStart(), "=" + rendered)
            : new TextEdit(e.valueStart(), e.valueEnd(), rendered));
      } else {
        lines.add((export ? "export " : "") + v.getKey() + "=" + render(v.getValue(), (char) 0));
        appended.put(v.getKey(), v.getValue());
      }
    }
    if (!lines.isEmpty()) {
      boolean endsWithBreak = text.isEmpty() || text.endsWith("\n") || text.endsWith("\r");
      // a file without a final newline keeps having none
      String tail = endsWithBreak ? String.join(br, lines) + br : br + String.join(br, lines);
      edits.add(TextEdit.insert(text.length(), tail));
    }
    verify(file, TextEdit.apply(text, edits), vars, appended);
    return edits;
  }

  /** A literal value written so that compose reads it back unchanged, in the preferred style. */
  static String render(String value, char preferredQuote) {
    boolean singleOk = value.indexOf('\'') < 0 && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0 && value.indexOf('\\') < 0;
    boolean unquotedOk = SAFE_UNQUOTED.matcher(value).matches();
    char quote = switch (preferredQuote) {
      case '"' -> '"';
      case '\'' -> singleOk ? '\'' : '"';
      default -> unquotedOk ? 0 : singleOk ? '\'' : '"';
    };
    return switch (quote) {
      case '"' -> '"' + value.replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\n", "\\n").replace("\r", "\\r").replace("$", "$$") + '"';
      case '\'' -> "'" + value + "'";
      default -> value.replace("$", "$$");
    };
  }

  private static void verify(
      DotEnv before, String newText, Map<String, String> vars, Map<String, String> appended) {
    DotEnv after;
    try {
      after = DotEnv.parse(before.label(), newText);
    } catch (ComposeException e) {
      throw internal(before, "the edited text does not parse: " + e.getMessage(), e);
    }
    List<DotEnv.Entry> old = before.entries();
    List<DotEnv.Entry> now = after.entries();
    if (now.size() != old.size() + appended.size()) {
      throw internal(before, "expected " + (old.size() + appended.size()) + " entries, found "
          + now.size(), null);
    }
    for (int i = 0; i < now.size(); i++) {
      DotEnv.Entry n = now.get(i);
      boolean target;
      if (i < old.size()) {
        DotEnv.Entry o = old.get(i);
        if (!o.key().equals(n.key()) || o.exported() != n.exported()) {
          throw internal(before, "entry " + (i + 1) + " changed its name", null);
        }
        target = vars.containsKey(o.key()) && before.entry(o.key()).orElseThrow() == o;
        if (!target && (o.quote() != n.quote()
            || !java.util.Objects.equals(o.literal(), n.literal()))) {
          throw internal(before, o.key() + " changed, but it was not to be edited", null);
        }
      } else {
        target = appended.containsKey(n.key());
      }
      if (target) {
        String want = vars.get(n.key());
        String got = n.literal() == null ? null : after.value(n, name -> Optional.empty());
        if (!want.equals(got)) {
          throw internal(before, n.key() + " reads back as '" + got + "', not '" + want + "'",
              null);
        }
      }
    }
  }

  private static ComposeException internal(DotEnv f, String detail, Throwable cause) {
    return ComposeException.of(Kind.INTERNAL, f.label(),
        "internal error: the planned edit did not verify (" + detail + "); nothing was written",
        "This is a bug in testbed-plugins: please report it with the env file attached.", cause);
  }
}
