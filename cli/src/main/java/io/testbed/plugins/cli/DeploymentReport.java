package io.testbed.plugins.cli;

import io.testbed.plugins.compose.edit.FileEdit;
import io.testbed.plugins.compose.edit.ProjectPlan;
import io.testbed.plugins.configure.ConfigureResult;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.configure.DeploymentS3;
import io.testbed.plugins.configure.PluginCollection;
import io.testbed.plugins.s3.BucketPlan;
import io.testbed.plugins.s3.SyncPlan;
import io.testbed.plugins.s3.SyncResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/** Renders a {@link DeploymentPlan} and a {@link ConfigureResult} as text or JSON. */
final class DeploymentReport {
  private final PrintWriter out;
  private final CommonOptions common;

  DeploymentReport(PrintWriter out, CommonOptions common) {
    this.out = out;
    this.common = common;
  }

  /**
   * Where the S3 settings and each default location came from: one line each, no secret; no S3
   * line when {@code s3} is null (they could not be found: {@link #status} says why).
   */
  void sources(DeploymentS3 s3, DeploymentPlan plan, IntPredicate defaultLocation) {
    if (s3 != null) {
      out.println("endpoint " + s3.endpoint());
      out.println("credentials " + s3.credentials());
    }
    List<PluginCollection> collections = plan.request().collections();
    for (int i = 0; i < collections.size(); i++) {
      if (defaultLocation.test(i)) {
        out.println("location " + collections.get(i).uri() + " for " + shown(collections.get(i).directory())
            + " (the default, " + DeploymentOptions.DEFAULT_LOCATION + "; give --s3-uri to choose)");
      }
    }
  }

  /** Lint's findings, one line each, before the plan; configure never refuses over them. */
  void findings(DeploymentPlan plan) {
    if (!plan.findings().isEmpty()) {
      LintReport.print(out, plan.findings(), common.colorEnabled(), false);
      out.println("lint     " + LintReport.counts(plan.findings())
          + "; configure goes on (they do not stop it); 'testbed-plugins lint' shows each"
          + " source line and fix");
      out.println();
    }
  }

  /** The plan: bucket actions, sync summaries (per-file marks with -v), compose diff. */
  void plan(DeploymentPlan plan, boolean showSecrets) {
    for (BucketPlan bucket : plan.buckets()) {
      out.println(
          "bucket   s3://" + bucket.bucket() + ": " + (bucket.changes() ? "create" : "exists"));
    }
    for (int i = 0; i < plan.syncs().size(); i++) {
      SyncPlan sync = plan.syncs().get(i);
      out.println("sync     " + shown(sync.localRoot()) + " -> " + sync.remote() + ": " + summary(sync));
      if (common.verbose()) {
        entries(sync);
      }
      sync.warnings().forEach(w -> out.println("         warning: " + w));
    }
    List<String> workers = plan.workers();
    ProjectPlan project = plan.project();
    out.println(
        "compose  "
            + plan.compose().file().label()
            + ": "
            + (project.changed()
                ? project.changedServices().size()
                    + " of "
                    + workers.size()
                    + " workers change ("
                    + String.join(", ", project.changedServices())
                    + "); writes "
                    + project.files().stream()
                        .map(f -> f.label() + (f.creates() ? " (new)" : ""))
                        .collect(java.util.stream.Collectors.joining(", "))
                : workers.size() + " workers already set"));
    warnings(project);
    String diff = project.unifiedDiff(showSecrets);
    if (!diff.isEmpty()) {
      out.println();
      out.print(DiffRenderer.render(diff, common.colorEnabled()));
    }
  }

  /** What apply did, one line per step. */
  void result(DeploymentPlan plan, ConfigureResult result) {
    result.bucketsCreated().forEach(b -> out.println("created  bucket s3://" + b));
    for (int i = 0; i < result.syncs().size(); i++) {
      SyncResult r = result.syncs().get(i);
      SyncPlan sync = plan.syncs().get(i);
      out.println(
          "synced   " + shown(sync.localRoot()) + " -> " + sync.remote() + ": " + SyncRenderer.summary(sync, r, r.elapsed()));
      r.failures().forEach(f -> out.println("  failed " + f.path() + ": " + f.message()));
      if (r.deletesSkipped()) {
        out.println("  no object was deleted, because an upload failed");
      }
    }
    if (!result.ok()) {
      out.println(
          "compose  "
              + plan.compose().file().label()
              + ": not changed, because a sync failed; re-run to finish");
    } else if (result.composeWritten()) {
      out.println(
          "wrote    "
              + String.join(", ", labels(plan, result.written()))
              + ": "
              + String.join(", ", variables(plan))
              + " set in "
              + plan.project().changedServices().size()
              + " workers"
              + (result.backups().isEmpty()
                  ? ""
                  : " (backup: " + String.join(", ", labels(plan, result.backups())) + ")"));
      result.warnings().forEach(w -> out.println("warning  " + w));
    }
  }

  /** The one-line verdict when nothing needs doing. */
  void upToDate(DeploymentPlan plan) {
    List<String> parts = new ArrayList<>();
    for (SyncPlan sync : plan.syncs()) {
      parts.add(sync.remote() + " matches " + shown(sync.localRoot()) + " (" + sync.unchanged().size() + " files)");
    }
    parts.add(plan.workers().size() + " workers have " + String.join(", ", variables(plan)));
    out.println("Up to date: " + String.join("; ", parts) + ".");
  }

  /**
   * {@code status}: one line per check; the bucket and the remote trees in one line when they
   * could not be checked, with the reason (its first line; any further lines, such as the
   * command that starts MinIO, under it).
   */
  void status(DeploymentPlan plan) {
    plan.storageNotChecked().ifPresent(why -> {
      List<String> lines = why.lines().toList();
      String tag = common.colorEnabled() ? "\u001b[33mskip  \u001b[0m" : "skip  ";
      out.println(tag + " " + String.join(" and ", storageParts(plan)) + ": not checked ("
          + lines.get(0).replaceFirst("\\.$", "") + ")");
      lines.stream().skip(1).forEach(l -> out.println("       " + l));
    });
    for (BucketPlan bucket : plan.buckets()) {
      line(!bucket.changes(), "bucket s3://" + bucket.bucket() + (bucket.changes() ? " is missing" : " exists"));
    }
    for (SyncPlan sync : plan.syncs()) {
      line(
          !sync.hasChanges(),
          sync.remote()
              + (sync.hasChanges()
                  ? " differs from " + shown(sync.localRoot()) + ": " + summary(sync)
                  : " matches " + shown(sync.localRoot()) + " (" + sync.unchanged().size() + " files)"));
      if (common.verbose()) {
        entries(sync);
      }
    }
    Map<String, List<ProjectPlan.Variable>> byService = new LinkedHashMap<>();
    plan.project().variables().forEach(v -> byService.computeIfAbsent(v.service(), k -> new ArrayList<>()).add(v));
    for (String worker : plan.workers()) {
      List<ProjectPlan.Variable> vars = byService.getOrDefault(worker, List.of());
      if (vars.stream().allMatch(ProjectPlan.Variable::ok)) {
        line(true, "service " + worker + ": " + vars.stream()
            .map(v -> v.name() + " set (" + v.source() + ")")
            .collect(java.util.stream.Collectors.joining(", ")));
      } else {
        vars.stream().filter(v -> !v.ok()).forEach(v -> line(false, v.change().describe()
            + (v.source() == null ? "" : " (" + v.source() + ")")));
      }
    }
    warnings(plan.project());
  }

  /**
   * {@code status}'s last line; {@code stale} running workers count as drift too. Drift first
   * (configure fixes it), else what could not be checked (the deployment needs a look).
   */
  void verdict(DeploymentPlan plan, int stale) {
    int n = plan.drift().size() + stale;
    String unchecked = plan.storageChecked() ? ""
        : "; not checked: " + String.join(" and ", storageParts(plan));
    if (n > 0) {
      out.println("Drift: " + n + " difference(s)" + unchecked + "; run 'testbed-plugins"
          + " configure' with the same options" + (stale > 0 ? " and --up" : "") + " to fix.");
    } else if (!plan.storageChecked()) {
      out.println("Not checked: " + String.join(" and ", storageParts(plan)) + " (see above);"
          + " the rest is in sync.");
    } else {
      out.println("In sync.");
    }
  }

  /** The S3 parts of a status, as the lines name them: each bucket, then each remote tree. */
  private static List<String> storageParts(DeploymentPlan plan) {
    List<String> parts = new ArrayList<>();
    plan.request().collections().stream().map(c -> "bucket s3://" + c.location().bucket())
        .distinct().forEach(parts::add);
    plan.request().collections().forEach(c -> parts.add(c.location().toString()));
    return parts;
  }

  private void warnings(ProjectPlan project) {
    project.warnings().forEach(w -> out.println("warning  " + w));
  }

  /** The project's names for written files (as in the plan), else their paths. */
  private static List<String> labels(DeploymentPlan plan, List<java.nio.file.Path> paths) {
    List<String> out = new ArrayList<>();
    for (java.nio.file.Path p : paths) {
      out.add(plan.project().files().stream()
          .filter(f -> f.path().equals(p))
          .map(FileEdit::label)
          .findFirst()
          .orElse(plan.project().project().display(p)));
    }
    return out;
  }

  /** A status line, tagged ok or drift. */
  void line(boolean ok, String text) {
    String tag = ok ? "ok    " : "drift ";
    if (common.colorEnabled()) {
      tag = (ok ? "\u001b[32m" : "\u001b[33m") + tag + "\u001b[0m";
    }
    out.println(tag + " " + text);
  }

  private void entries(SyncPlan sync) {
    new SyncRenderer(out, out).plan(sync, common.verbosity() > 1);
  }

  /** A local path, relative to the working directory when that is shorter. */
  static String shown(java.nio.file.Path path) {
    java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
    java.nio.file.Path abs = path.toAbsolutePath().normalize();
    String relative = cwd.relativize(abs).toString();
    return relative.length() < abs.toString().length() ? relative : abs.toString();
  }

  static String summary(SyncPlan sync) {
    return sync.added().size()
        + " new, "
        + sync.changed().size()
        + " changed ("
        + SyncRenderer.bytes(sync.transferBytes())
        + " to upload), "
        + sync.deletes().size()
        + " to delete, "
        + sync.unchanged().size()
        + " unchanged";
  }

  private static List<String> variables(DeploymentPlan plan) {
    return plan.request().collections().stream().map(PluginCollection::variable).toList();
  }
}
