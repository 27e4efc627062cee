package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeProject;
import java.util.List;
import java.util.Objects;

/**
 * A verified edit of a compose project: the new text of every file that changes (compose file,
 * override file, env files), each worker variable's effective state before the edit, the selected
 * services that were refused, and warnings. Pure data: {@link ProjectWriter#write} applies it.
 *
 * @param project the project as read
 * @param compose the base compose file's edit (no edits when the base does not change)
 * @param files every file that changes, in the order they are written (env files, override, base)
 * @param variables one entry per selected service and variable
 * @param refusals selected services left unchanged because no safe edit exists
 * @param warnings things the operator should know (e.g. an override file compose would ignore)
 */
public record ProjectPlan(
    ComposeProject project,
    ComposePlan compose,
    List<FileEdit> files,
    List<Variable> variables,
    List<Refusal> refusals,
    List<String> warnings) {

  /**
   * A variable of a selected service: its effective value now, where that comes from, the value
   * wanted, and the file the edit goes to.
   *
   * @param value the effective value, null when it is not set (or has no value)
   * @param source where the effective definition is ({@code file:line}), null when not defined
   * @param writtenIn the file that gets the new value, null when nothing changes
   */
  public record Variable(
      String service, String name, String value, String source, String wanted,
      String writtenIn) {
    public Variable {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(wanted, "wanted");
    }

    /** Whether the effective value is the wanted one. */
    public boolean ok() {
      return wanted.equals(value);
    }

    /** The same variable as an {@link EnvChange}. */
    public EnvChange change() {
      return new EnvChange(service, name, value, wanted);
    }
  }

  public ProjectPlan {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(compose, "compose");
    files = List.copyOf(files);
    variables = List.copyOf(variables);
    refusals = List.copyOf(refusals);
    warnings = List.copyOf(warnings);
  }

  /** Whether applying the plan changes any file. */
  public boolean changed() {
    return !files.isEmpty();
  }

  /** The variables whose effective value changes. */
  public List<EnvChange> changes() {
    return variables.stream()
        .filter(v -> !v.ok() && refusals.stream().noneMatch(r -> r.service().equals(v.service())))
        .map(Variable::change).toList();
  }

  /** The services that get at least one variable changed, in order. */
  public List<String> changedServices() {
    return changes().stream().map(EnvChange::service).distinct().toList();
  }

  /** Unified diffs of every file that changes, one after the other. */
  public String unifiedDiff(boolean showSecrets) {
    StringBuilder sb = new StringBuilder();
    files.forEach(f -> sb.append(f.unifiedDiff(showSecrets)));
    return sb.toString();
  }
}
