package io.testbed.plugins.compose.edit;

import io.testbed.plugins.yaml.Diffs;
import io.testbed.plugins.yaml.Source;
import io.testbed.plugins.yaml.TextEdit;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The new text of one file of a compose project: the base compose file, an override file, or an
 * env file. Pure data; {@link ProjectWriter} applies it.
 *
 * @param path the file (absolute)
 * @param label its name in messages and diffs
 * @param role what the file is to the project
 * @param before the text it was read with ({@code ""} for a file to be created); a file that no
 *     longer has these bytes when it is written is a conflict
 * @param after the new text
 * @param edits the splices that turn {@code before} into {@code after}
 * @param creates whether the file does not exist yet
 */
public record FileEdit(
    Path path, String label, Role role, String before, String after, List<TextEdit> edits,
    boolean creates) {

  /** What a file is to the project. */
  public enum Role {
    /** The base compose file. */
    COMPOSE,
    /** An override file, merged over the base. */
    OVERRIDE,
    /** An {@code env_file} of a service. */
    ENV_FILE
  }

  public FileEdit {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    edits = List.copyOf(edits);
  }

  static FileEdit of(Path path, String label, Role role, String before, List<TextEdit> edits) {
    return new FileEdit(path, label, role, before, TextEdit.apply(before, edits), edits, false);
  }

  /**
   * A unified diff ({@code a/FILE}, {@code b/FILE}); secret-looking values read {@code ***} unless
   * {@code showSecrets}.
   */
  public String unifiedDiff(boolean showSecrets) {
    String diff = Diffs.unified(new Source(label, before), edits, showSecrets);
    if (!creates || diff.isEmpty()) {
      return diff;
    }
    // a new file, as diff -N writes it
    String body = diff.substring(diff.indexOf('\n') + 1);
    return "--- /dev/null\n" + body.replaceFirst("(?m)^@@ -1,0 ", "@@ -0,0 ");
  }
}
