package io.testbed.plugins.configure;

import io.testbed.plugins.compose.ServiceChoice;
import io.testbed.plugins.compose.edit.ComposePlan;
import io.testbed.plugins.compose.edit.ProjectPlan;
import io.testbed.plugins.compose.lint.Finding;
import io.testbed.plugins.s3.BucketPlan;
import io.testbed.plugins.s3.SyncPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The three steps of a deployment's plugin set-up as one plan: buckets to create, one sync per
 * collection, and the compose edit. Pure data: {@code --dry-run} prints it, {@code status} reports
 * it as drift, and {@link Configurator#apply} carries it out.
 *
 * @param request what was asked for
 * @param buckets one entry per distinct bucket
 * @param syncs one sync plan per collection, in the request's order
 * @param choices every service of the compose file, with whether it is a worker and why
 * @param project the verified edit of the compose project: compose file, override file, env files
 *     (no edits when every worker already has its variables)
 * @param findings lint's findings for the project, except the variables this plan sets
 */
public record DeploymentPlan(
    ConfigureRequest request,
    List<BucketPlan> buckets,
    List<SyncPlan> syncs,
    List<ServiceChoice> choices,
    ProjectPlan project,
    List<Finding> findings) {

  public DeploymentPlan {
    buckets = List.copyOf(buckets);
    syncs = List.copyOf(syncs);
    choices = List.copyOf(choices);
    findings = List.copyOf(findings);
  }

  /** The base compose file's edit. */
  public ComposePlan compose() {
    return project.compose();
  }

  /** The services that get the variables. */
  public List<String> workers() {
    return choices.stream().filter(ServiceChoice::worker).map(ServiceChoice::name).toList();
  }

  /** Whether everything is already as requested: applying would change nothing. */
  public boolean upToDate() {
    return drift().isEmpty();
  }

  /** What differs from the requested state, one human-readable line per difference. */
  public List<String> drift() {
    List<String> drift = new ArrayList<>();
    for (BucketPlan bucket : buckets) {
      if (bucket.changes()) {
        drift.add("bucket " + bucket.bucket() + " does not exist");
      }
    }
    for (SyncPlan sync : syncs) {
      if (sync.hasChanges()) {
        drift.add(
            sync.remote()
                + " differs from "
                + sync.localRoot()
                + ": "
                + sync.added().size()
                + " missing, "
                + sync.changed().size()
                + " changed, "
                + sync.deletes().size()
                + " extra");
      }
    }
    project.changes().forEach(change -> drift.add(change.describe()));
    return List.copyOf(drift);
  }
}
