package io.testbed.plugins.cli;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposePlan;
import io.testbed.plugins.compose.ComposeWriter;
import io.testbed.plugins.compose.EnvChange;
import io.testbed.plugins.compose.EnvEdit;
import io.testbed.plugins.compose.Refusal;
import io.testbed.plugins.compose.WorkerSelector;
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
      "Set NAME=VALUE in the environment of every worker service of the compose file. Only the"
          + " characters that must change are changed: comments, blank lines, quoting,"
          + " indentation, key order and line endings elsewhere stay byte for byte. The edit is"
          + " verified before anything is written, and written atomically.",
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
      "",
      "Exit codes: 0 done or nothing to change, 1 error or refused service,",
      "2 usage error, 3 changes pending (--check)."
    })
final class ComposeSetEnvCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin ComposeFileOption compose;
  @Mixin WorkerSelectionOptions selection;

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

  @Override
  public Integer call() {
    for (String name : vars.keySet()) {
      if (!EnvEdit.NAME.matcher(name).matches()) {
        throw new ParameterException(spec.commandLine(),
            "Invalid variable name '" + name + "' in --set (expected NAME=VALUE, NAME like"
                + " AI_PLUGINS_S3_URI)");
      }
    }
    ComposePlan plan = planFor(ComposeFile.read(compose.resolve()));
    if (!plan.refusals().isEmpty()) {
      return report(plan, false, ExitCode.FAILURE);
    }
    if (!plan.changed()) {
      return report(plan, false, ExitCode.OK);
    }
    if (dryRun || check) {
      return report(plan, false, check ? ExitCode.PENDING : ExitCode.OK);
    }
    ComposeWriter.Written w = ComposeWriter.writeReplanning(plan, backup, this::planFor);
    w.result().warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
    if (!w.plan().refusals().isEmpty()) {
      return report(w.plan(), false, ExitCode.FAILURE);
    }
    return report(w.plan(), w.result().written(), ExitCode.OK, w.result().backup().orElse(null));
  }

  /** The edit of the file as it is: the selected workers get the variables. */
  private ComposePlan planFor(ComposeFile file) {
    List<String> workers = WorkerSelector.workers(WorkerSelector.select(file, selection.toSelection()));
    if (workers.isEmpty()) {
      throw new NoWorkersException(file.label());
    }
    return EnvEdit.plan(file, workers, vars);
  }

  private int report(ComposePlan plan, boolean written, int code) {
    return report(plan, written, code, null);
  }

  private int report(ComposePlan plan, boolean written, int code, Path backupFile) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String label = plan.file().label();
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("file", label);
      root.put("changed", plan.changed());
      root.put("written", written);
      root.put("backup", backupFile == null ? null : backupFile.toString());
      List<Object> changes = new ArrayList<>();
      for (EnvChange c : plan.changes()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", c.service());
        m.put("name", c.name());
        m.put("old", mask(c.name(), c.oldValue()));
        m.put("new", mask(c.name(), c.newValue()));
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
      root.put("diff", plan.unifiedDiff(showSecrets));
      out.println(Json.write(root));
      out.flush();
      return code;
    }
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
    if (!written) {
      out.print(DiffRenderer.render(plan.unifiedDiff(showSecrets), common.colorEnabled()));
    }
    for (EnvChange c : plan.changes()) {
      out.println((c.oldValue() == null ? "+ " : "* ") + c.service() + ": " + c.name() + "="
          + mask(c.name(), c.newValue())
          + (c.oldValue() == null ? "" : " (was " + mask(c.name(), c.oldValue()) + ")"));
    }
    int n = plan.changedServices().size();
    if (written) {
      out.println("Updated " + label + ": " + n + " service(s) changed"
          + (backupFile == null ? "." : "; previous version saved as " + backupFile + "."));
    } else {
      out.println((check ? "Changes pending in " : "Would update ") + label + ": " + n
          + " service(s) (nothing written).");
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
