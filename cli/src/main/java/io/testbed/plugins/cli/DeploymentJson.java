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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A {@link DeploymentPlan} and a {@link ConfigureResult} as JSON-ready maps, for {@code --json}:
 * every part of a plan with {@code checked} (and the {@code reason} where it is false).
 */
final class DeploymentJson {
  private DeploymentJson() {}


  static Map<String, Object> json(
      DeploymentPlan plan, DeploymentS3 s3, IntPredicate defaultLocation, boolean showSecrets, boolean files) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("upToDate", plan.upToDate());
    root.put("drift", plan.drift());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("endpoint", s3 == null ? null : s3.endpoint().value());
    settings.put("endpointSource", s3 == null ? null : s3.endpoint().source());
    settings.put("credentialsSource", s3 == null ? null : s3.credentials());
    settings.put("fromDeployment", s3 != null && s3.fromDeployment());
    settings.put("checked", plan.storageChecked());
    settings.put("reason", plan.storageNotChecked().orElse(null));
    root.put("s3", settings);
    List<Object> buckets = new ArrayList<>();
    for (BucketPlan b : plan.buckets()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bucket", b.bucket());
      m.put("action", b.action().name().toLowerCase(java.util.Locale.ROOT));
      m.put("checked", true);
      buckets.add(m);
    }
    plan.storageNotChecked().ifPresent(why -> plan.request().collections().stream()
        .map(c -> c.location().bucket()).distinct().forEach(b -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("bucket", b);
          m.put("action", null);
          m.put("checked", false);
          m.put("reason", why);
          buckets.add(m);
        }));
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
      m.put("checked", true);
      syncs.add(m);
    }
    if (!plan.storageChecked()) {
      List<PluginCollection> collections = plan.request().collections();
      for (int i = 0; i < collections.size(); i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", collections.get(i).directory().toString());
        m.put("destination", collections.get(i).location().toString());
        m.put("variable", collections.get(i).variable());
        m.put("defaultDestination", defaultLocation.test(i));
        m.put("checked", false);
        m.put("reason", plan.storageNotChecked().get());
        syncs.add(m);
      }
    }
    root.put("syncs", syncs);
    Map<String, Object> compose = new LinkedHashMap<>();
    ProjectPlan project = plan.project();
    compose.put("checked", true);
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
