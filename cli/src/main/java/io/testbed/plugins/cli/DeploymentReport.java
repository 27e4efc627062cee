package io.testbed.plugins.cli;

import io.testbed.plugins.compose.edit.ComposePlan;
import io.testbed.plugins.compose.edit.FileEdit;
import io.testbed.plugins.compose.edit.ProjectPlan;
import io.testbed.plugins.configure.ConfigureResult;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.configure.DeploymentS3;
import io.testbed.plugins.configure.PluginCollection;
import io.testbed.plugins.s3.BucketPlan;
import io.testbed.plugins.s3.SyncEntry;
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

  /** Where the S3 settings and each default location came from: one line each, no secret. */
  void sources(DeploymentS3 s3, DeploymentPlan plan, IntPredicate defaultLocation) {
    out.println("endpoint " + s3.endpoint());
    out.println("credentials " + s3.credentials());
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

  /** {@code status}: one line per check. */
  void status(DeploymentPlan plan) {
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

  /** {@code status}'s last line; {@code stale} running workers count as drift too. */
  void verdict(DeploymentPlan plan, int stale) {
    int n = plan.drift().size() + stale;
    out.println(n == 0 ? "In sync." : "Drift: " + n + " difference(s); run 'testbed-plugins"
        + " configure' with the same options" + (stale > 0 ? " and --up" : "") + " to fix.");
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

  // ---- JSON ----

  static Map<String, Object> json(
      DeploymentPlan plan, DeploymentS3 s3, IntPredicate defaultLocation, boolean showSecrets, boolean files) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("upToDate", plan.upToDate());
    root.put("drift", plan.drift());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("endpoint", s3.endpoint().value());
    settings.put("endpointSource", s3.endpoint().source());
    settings.put("credentialsSource", s3.credentials());
    settings.put("fromDeployment", s3.fromDeployment());
    root.put("s3", settings);
    List<Object> buckets = new ArrayList<>();
    for (BucketPlan b : plan.buckets()) {
      buckets.add(Map.of("bucket", b.bucket(), "action", b.action().name().toLowerCase(java.util.Locale.ROOT)));
    }
    root.put("buckets", buckets);
    List<Object> syncs = new ArrayList<>();
    for (int i = 0; i < plan.syncs().size(); i++) {
      SyncPlan s = plan.syncs().get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", s.localRoot().toString());
      m.put("destination", s.remote().toString());
      m.put("variable", plan.request().collections().get(i).variable());
      m.put("defaultDestination", defaultLocation.test(i));
      m.put("new", s.added().size());
      m.put("changed", s.changed().size());
      m.put("delete", s.deletes().size());
      m.put("unchanged", s.unchanged().size());
      m.put("uploadBytes", s.transferBytes());
      if (files) {
        List<Object> list = new ArrayList<>();
        for (SyncEntry e : s.transfers()) {
          list.add(Map.of("path", e.path(), "change", e.change().name().toLowerCase(java.util.Locale.ROOT)));
        }
        for (SyncEntry e : s.deletes()) {
          list.add(Map.of("path", e.path(), "change", "delete"));
        }
        m.put("files", list);
      }
      syncs.add(m);
    }
    root.put("syncs", syncs);
    Map<String, Object> compose = new LinkedHashMap<>();
    ProjectPlan project = plan.project();
    compose.put("file", plan.compose().file().label());
    compose.put("workers", plan.workers());
    compose.put("changed", project.changed());
    compose.put("changedServices", project.changedServices());
    compose.put("diff", project.unifiedDiff(showSecrets));
    List<Object> edits = new ArrayList<>();
    for (FileEdit f : project.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", f.label());
      m.put("role", f.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      m.put("creates", f.creates());
      m.put("diff", f.unifiedDiff(showSecrets));
      edits.add(m);
    }
    compose.put("files", edits);
    List<Object> variables = new ArrayList<>();
    for (ProjectPlan.Variable v : project.variables()) {
      Map<String, Object> m = new LinkedHashMap<>();
      boolean secret = !showSecrets && ComposePlan.isSecretName(v.name());
      m.put("service", v.service());
      m.put("name", v.name());
      m.put("value", v.value() == null || !secret ? v.value() : "***");
      m.put("source", v.source());
      m.put("ok", v.ok());
      m.put("writtenIn", v.writtenIn());
      variables.add(m);
    }
    compose.put("variables", variables);
    compose.put("warnings", project.warnings());
    root.put("compose", compose);
    root.put("findings", LintReport.json(plan.findings()));
    return root;
  }

  static Map<String, Object> json(ConfigureResult result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", result.ok());
    m.put("bucketsCreated", result.bucketsCreated());
    List<Object> syncs = new ArrayList<>();
    for (SyncResult r : result.syncs()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("uploaded", r.transferred());
      s.put("uploadedBytes", r.transferredBytes());
      s.put("deleted", r.deleted());
      s.put("unchanged", r.unchanged());
      s.put("failures", r.failures().stream().map(f -> Map.of("path", f.path(), "message", f.message())).toList());
      s.put("elapsedMillis", r.elapsed().toMillis());
      syncs.add(s);
    }
    m.put("syncs", syncs);
    m.put("composeWritten", result.composeWritten());
    m.put("written", result.written().stream().map(Object::toString).toList());
    m.put("backup", result.backups().isEmpty() ? null : result.backups().get(0).toString());
    m.put("backups", result.backups().stream().map(Object::toString).toList());
    m.put("warnings", result.warnings());
    return m;
  }
}
