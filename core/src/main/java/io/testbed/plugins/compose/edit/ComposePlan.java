package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.yaml.Diffs;
import io.testbed.plugins.yaml.TextEdit;
import java.util.List;
import java.util.Objects;

/**
 * A verified edit of one compose file: the splices, the resulting text, the variables that change
 * per service, and the selected services that were refused (left unchanged). Pure data: {@link
 * ComposeWriter#write} applies it.
 */
public record ComposePlan(
    ComposeFile file,
    String newText,
    List<TextEdit> edits,
    List<EnvChange> changes,
    List<Refusal> refusals) {

  public ComposePlan {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(newText, "newText");
    edits = List.copyOf(edits);
    changes = List.copyOf(changes);
    refusals = List.copyOf(refusals);
  }

  /** Whether applying the plan changes the file. */
  public boolean changed() {
    return !edits.isEmpty();
  }

  /** The services that get at least one variable changed, in order. */
  public List<String> changedServices() {
    return changes.stream().map(EnvChange::service).distinct().toList();
  }

  /** Whether a variable name looks like it holds a secret (PASSWORD, SECRET, TOKEN, …). */
  public static boolean isSecretName(String name) {
    return Diffs.isSecretKey(name);
  }

  /**
   * The change as a unified diff ({@code a/FILE}, {@code b/FILE}); empty when nothing changes.
   * Unless {@code showSecrets}, the values of secret-looking keys (PASSWORD, SECRET, TOKEN,
   * ACCESS_KEY, …) read {@code ***} in context and changed lines.
   */
  public String unifiedDiff(boolean showSecrets) {
    return changed() ? Diffs.unified(file.tree().source(), edits, showSecrets) : "";
  }
}
