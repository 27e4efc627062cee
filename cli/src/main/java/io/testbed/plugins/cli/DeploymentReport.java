package io.testbed.plugins.cli;

import io.testbed.plugins.compose.EnvChange;
import io.testbed.plugins.configure.ConfigureResult;
import io.testbed.plugins.configure.DeploymentPlan;
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

/** Renders a {@link DeploymentPlan} and a {@link ConfigureResult} as text or JSON. */
final class DeploymentReport {
  private final PrintWriter out;
  private final CommonOptions common;

  DeploymentReport(PrintWriter out, CommonOptions common) {
    this.out = out;
    this.common = common;
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
    out.println(
        "compose  "
            + plan.compose().file().label()
            + ": "
            + (plan.compose().changed()
                ? plan.compose().changedServices().size()
                    + " of "
                    + workers.size()
                    + " workers change ("
                    + String.join(", ", plan.compose().changedServices())
                    + ")"
                : workers.size() + " workers already set"));
    String diff = plan.compose().unifiedDiff(showSecrets);
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
              + plan.compose().file().label()
              + ": "
              + String.join(", ", variables(plan))
              + " set in "
              + plan.compose().changedServices().size()
              + " workers"
              + result.backup().map(b -> " (backup: " + b + ")").orElse(""));
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
    Map<String, List<EnvChange>> byService = new LinkedHashMap<>();
    plan.compose().changes().forEach(c -> byService.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c));
    for (String worker : plan.workers()) {
      List<EnvChange> changes = byService.get(worker);
      if (changes == null) {
        line(true, "service " + worker + ": " + String.join(", ", variables(plan)) + " set");
      } else {
        changes.forEach(c -> line(false, c.describe()));
      }
    }
    out.println(plan.upToDate() ? "In sync." : "Drift: " + plan.drift().size() + " difference(s); run 'testbed-plugins configure' with the same options to fix.");
  }

  private void line(boolean ok, String text) {
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

  static Map<String, Object> json(DeploymentPlan plan, boolean showSecrets, boolean files) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("upToDate", plan.upToDate());
    root.put("drift", plan.drift());
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
    compose.put("file", plan.compose().file().label());
    compose.put("workers", plan.workers());
    compose.put("changed", plan.compose().changed());
    compose.put("changedServices", plan.compose().changedServices());
    compose.put("diff", plan.compose().unifiedDiff(showSecrets));
    root.put("compose", compose);
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
    m.put("backup", result.backup().map(Object::toString).orElse(null));
    m.put("warnings", result.warnings());
    return m;
  }
}
