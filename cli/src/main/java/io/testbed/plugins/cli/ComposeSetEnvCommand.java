package io.testbed.plugins.cli;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.edit.ComposePlan;
import io.testbed.plugins.compose.edit.EditOptions;
import io.testbed.plugins.compose.edit.EnvEdit;
import io.testbed.plugins.compose.edit.FileEdit;
import io.testbed.plugins.compose.edit.ProjectEdit;
import io.testbed.plugins.compose.edit.ProjectPlan;
import io.testbed.plugins.compose.edit.ProjectWriter;
import io.testbed.plugins.compose.edit.Refusal;
import io.testbed.plugins.docker.Rollout;
import io.testbed.plugins.docker.WorkerRollout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code compose set-env}: set variables in the environment of the worker services. */
@Command(
    name = "set-env",
    mixinStandardHelpOptions = true,
    description = {
      "Set NAME=VALUE in every worker service, where its value is kept: the worker's env file"
          + " when that defines it, else environment: (see --target), or an override file"
          + " (--override-file). Only the characters that must change are changed: comments,"
          + " blank lines, quoting, indentation, key order and line endings elsewhere stay byte"
          + " for byte. The edit is verified before anything is written, and written atomically.",
      "",
      "VALUE is literal: every '$$' is written as '$$$$', because Compose interpolates '$$'"
          + " (--set 'K=a$$b' puts K: a$$$$b in the file; the container sees a$$b).",
      "",
      "If a selected service cannot be edited safely (e.g. its environment is shared with a"
          + " service that is not selected), it is reported with the reason, nothing is written"
          + " and the exit code is 1; exclude it with --exclude-service NAME to edit the others."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  testbed-plugins compose set-env \\",
      "      --set AI_PLUGINS_S3_URI=s3://plugins/securingai_builtins",
      "  testbed-plugins compose set-env --set K=V --dry-run",
      "  testbed-plugins compose set-env --set K=V --check     # exit 3: would change",
      "  testbed-plugins compose set-env --set K=V --service tfcpu-01 --backup",
      "  testbed-plugins compose set-env --set K=V --up      # then recreate those workers",
      "",
      "Exit codes: 0 done or nothing to change, 1 error or refused service,",
      "2 usage error, 3 changes pending (--check)."
    })
final class ComposeSetEnvCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin ComposeFileOption compose;
  @Mixin WorkerSelectionOptions selection;
  @Mixin EditTargetOptions edit;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      required = true,
      description = "A variable to set (repeatable). VALUE is literal; '$$' is written as '$$$$'.")
  Map<String, String> vars = new LinkedHashMap<>();

  @Option(names = "--dry-run", description = "Print the diff; write nothing.")
  boolean dryRun;

  @Option(names = "--check", description = "Write nothing; exit 3 if changes are pending.")
  boolean check;

  @Option(names = "--backup", description = "Keep the previous file as FILE.bak.")
  boolean backup;

  @Option(names = "--show-secrets", description = "Show values of secret-looking keys in diffs.")
  boolean showSecrets;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(names = "--up", description = "Then recreate the workers whose environment changed, and"
      + " the running ones that lack it (docker compose up -d --no-deps WORKER...); nothing else is"
      + " started, stopped or recreated.")
  boolean up;

  private WorkersAlong along;
  private WorkerRollout rollout;
  private Rollout.Result upped;

  @Override
  public Integer call() {
    for (String name : vars.keySet()) {
      if (!EnvEdit.NAME.matcher(name).matches()) {
        throw new ParameterException(spec.commandLine(),
            "Invalid variable name '" + name + "' in --set (expected NAME=VALUE, NAME like"
                + " AI_PLUGINS_S3_URI)");
      }
    }
    Path base = compose.resolve();
    EditOptions options = edit.options(base);
    ProjectPlan plan = planFor(base, options);
    along = new WorkersAlong(System.getenv());
    rollout = along.rollout(plan);
    if (!plan.refusals().isEmpty()) {
      return report(plan, null, ExitCode.FAILURE);
    }
    if (!plan.changed() || dryRun || check) {
      if (plan.changed() || !up || dryRun || check) {
        return report(plan, null, check && plan.changed() ? ExitCode.PENDING : ExitCode.OK);
      }
      return upThen(plan, null);
    }
    ProjectWriter.Written w = ProjectWriter.write(plan, backup, () -> planFor(base, options));
    w.warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
    if (!w.plan().refusals().isEmpty()) {
      return report(w.plan(), w, ExitCode.FAILURE);
    }
    return up ? upThen(plan, w) : report(w.plan(), w, ExitCode.OK);
  }

  /** Reports, then {@code --up}: recreates the changed workers and the stale running ones. */
  private int upThen(ProjectPlan plan, ProjectWriter.Written written) {
    if (!json) {
      report(written == null ? plan : written.plan(), written, ExitCode.OK);
    }
    Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    plan.variables().forEach(v -> expected.put(v.service(), vars));
    ComposeProject project =
        ComposeProject.discover(plan.project().base().path().orElseThrow(),
            Path.of("").toAbsolutePath(), System.getenv());
    upped = along.up(spec.commandLine().getOut(), rollout, project, expected, !json);
    if (json) {
      report(written == null ? plan : written.plan(), written, ExitCode.OK);
    }
    if (!upped.ok()) {
      throw WorkersAlong.failure(upped);
    }
    return ExitCode.OK;
  }

  /** The edit of the project as it is: the selected workers get the variables. */
  private ProjectPlan planFor(Path base, EditOptions options) {
    ComposeProject project =
        ComposeProject.discover(base, Path.of("").toAbsolutePath(), System.getenv());
    List<String> workers =
        WorkerSelector.workers(WorkerSelector.select(project, selection.toSelection()));
    if (workers.isEmpty()) {
      throw new NoWorkersException(project.base().label());
    }
    return ProjectEdit.plan(project, workers, vars, options);
  }

  private int report(ProjectPlan plan, ProjectWriter.Written written, int code) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String label = plan.compose().file().label();
    boolean wrote = written != null && written.written();
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("file", label);
      root.put("changed", plan.changed());
      root.put("written", wrote);
      root.put("files", plan.files().stream().map(FileEdit::label).toList());
      List<String> backups = written == null ? List.of()
          : written.backups().stream().map(Path::toString).toList();
      root.put("backup", backups.isEmpty() ? null : backups.get(0));
      root.put("backups", backups);
      List<Object> changes = new ArrayList<>();
      for (ProjectPlan.Variable v : plan.variables()) {
        if (v.ok()) {
          continue;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", v.service());
        m.put("name", v.name());
        m.put("old", mask(v.name(), v.value()));
        m.put("new", mask(v.name(), v.wanted()));
        m.put("source", v.source());
        m.put("file", v.writtenIn());
        changes.add(m);
      }
      root.put("changes", changes);
      List<Object> refusals = new ArrayList<>();
      for (Refusal r : plan.refusals()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", r.service());
        m.put("reason", r.reason());
        m.put("remedy", r.remedy());
        refusals.add(m);
      }
      root.put("refusals", refusals);
      root.put("warnings", plan.warnings());
      root.put("diff", plan.unifiedDiff(showSecrets));
      root.put("rollout", rollout.needed() ? rollout.toMap() : null);
      root.put("up", upped == null ? null : WorkersAlong.json(upped));
      out.println(Json.write(root));
      out.flush();
      return code;
    }
    plan.warnings().forEach(w -> err.println(label + ": warning: " + w));
    if (!plan.refusals().isEmpty()) {
      for (Refusal r : plan.refusals()) {
        err.println(label + ": refused service " + r.service() + ": " + r.reason() + ".");
        err.println("  To fix: " + r.remedy() + ".");
      }
      err.println(label + ": nothing written: " + plan.refusals().size()
          + " selected service(s) cannot be edited safely. Exclude them with --exclude-service"
          + " NAME to edit the others.");
      err.flush();
      return code;
    }
    if (!plan.changed()) {
      out.println(label + " is up to date: nothing to change.");
      out.flush();
      return code;
    }
    if (!wrote) {
      out.print(DiffRenderer.render(plan.unifiedDiff(showSecrets), common.colorEnabled()));
    }
    for (ProjectPlan.Variable v : plan.variables()) {
      if (!v.ok()) {
        out.println((v.value() == null ? "+ " : "* ") + v.service() + ": " + v.name() + "="
            + mask(v.name(), v.wanted())
            + (v.value() == null ? "" : " (was " + mask(v.name(), v.value()) + ")")
            + " in " + v.writtenIn());
      }
    }
    int n = plan.changedServices().size();
    String files = plan.files().stream().map(f -> f.label() + (f.creates() ? " (new)" : ""))
        .collect(java.util.stream.Collectors.joining(", "));
    if (wrote) {
      out.println("Updated " + files + ": " + n + " service(s) changed"
          + (written.backups().isEmpty() ? "."
              : "; previous version saved as " + written.backups().stream()
                  .map(Path::toString).collect(java.util.stream.Collectors.joining(", ")) + "."));
    } else {
      out.println((check ? "Changes pending in " : "Would update ") + files + ": " + n
          + " service(s) (nothing written).");
    }
    if (!up || !wrote) {
      WorkersAlong.hint(out, rollout, wrote);
    }
    out.flush();
    return code;
  }

  private String mask(String name, String value) {
    return value == null ? null : !showSecrets && ComposePlan.isSecretName(name) ? "***" : value;
  }

  /** No service was selected: nothing to do is almost certainly a mistake. */
  static final class NoWorkersException extends io.testbed.plugins.PluginsException {
    private static final long serialVersionUID = 1L;

    NoWorkersException(String label) {
      super(label + ": no worker services found.\nName them with --service NAME, or use"
          + " --image-pattern GLOB or --all-services; 'compose workers' shows why each service"
          + " is or is not a worker.");
    }
  }
}
