package io.testbed.plugins.configure;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ServiceChoice;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.edit.ProjectEdit;
import io.testbed.plugins.compose.edit.ProjectPlan;
import io.testbed.plugins.compose.edit.ProjectWriter;
import io.testbed.plugins.compose.lint.Finding;
import io.testbed.plugins.compose.lint.Lint;
import io.testbed.plugins.s3.BucketPlan;
import io.testbed.plugins.s3.BucketProvisioner;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.Sync;
import io.testbed.plugins.s3.SyncExecutor;
import io.testbed.plugins.s3.SyncListener;
import io.testbed.plugins.s3.SyncPlan;
import io.testbed.plugins.s3.SyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole manual workflow as one operation: create the bucket, mirror each plugin collection into
 * it, and point every worker service at it.
 *
 * <pre>{@code
 * ConfigureRequest request = ConfigureRequest.builder()
 *     .composeFile(Path.of("docker-compose.yml"))
 *     .collection(new PluginCollection(Path.of("task-plugins/securingai_builtins"),
 *         S3Location.parse("s3://plugins/securingai_builtins"), "AI_PLUGINS_S3_URI"))
 *     .build();
 * try (S3Session s3 = S3Session.open(S3Settings.builder().endpoint("http://minio:9000").build())) {
 *   DeploymentPlan plan = Configurator.plan(s3, request);   // reads only
 *   if (!plan.upToDate()) {
 *     ConfigureResult result = Configurator.apply(s3, plan);
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #plan} validates every input before anything can change and reads both sides; {@link
 * #apply} then creates missing buckets, syncs, and rewrites the compose file <em>last</em>, so a
 * worker is never pointed at a location that is empty or half uploaded.
 */
public final class Configurator {
  private Configurator() {}

  /**
   * Validates the request and plans every step. Sends only read requests (HeadBucket, listings,
   * HeadObject where needed); writes nothing anywhere.
   *
   * @throws io.testbed.plugins.PluginsException for any input that is wrong, saying what and where
   */
  public static DeploymentPlan plan(S3Session session, ConfigureRequest request) {
    checkCollections(request.collections());

    ComposeProject project = load(request);
    List<ServiceChoice> choices = WorkerSelector.select(project, request.selection());
    List<Finding> findings = lint(project, WorkerSelector.workers(choices), request);
    ProjectPlan composePlan = planCompose(project, choices, request);

    session.checkCredentials();
    List<BucketPlan> buckets = new ArrayList<>();
    for (String bucket : distinctBuckets(request.collections())) {
      buckets.add(BucketProvisioner.plan(session, bucket));
    }
    List<SyncPlan> syncs = new ArrayList<>();
    for (PluginCollection c : request.collections()) {
      syncs.add(Sync.plan(session, c.directory(), c.location(), request.sync()));
    }
    return new DeploymentPlan(request, buckets, syncs, choices, composePlan, findings);
  }

  /**
   * Carries out a plan: buckets, then syncs (uploads before deletes), then the compose file. Stops
   * at the first sync that fails; the compose file is then left as it was, and a re-run picks up
   * where this one stopped.
   *
   * @throws io.testbed.plugins.PluginsException when a bucket cannot be created, or the compose
   *     file keeps changing under other writers (a change by one other run is merged: the edit is
   *     planned again on the new text)
   */
  public static ConfigureResult apply(S3Session session, DeploymentPlan plan) {
    return apply(session, plan, sync -> SyncListener.NONE);
  }

  /**
   * {@link #apply(S3Session, DeploymentPlan)}, reporting each sync's progress to the listener that
   * {@code listeners} gives for its plan.
   */
  public static ConfigureResult apply(
      S3Session session, DeploymentPlan plan, Function<SyncPlan, SyncListener> listeners) {
    List<String> created = new ArrayList<>();
    for (BucketPlan bucket : plan.buckets()) {
      if (bucket.changes()) {
        BucketProvisioner.apply(session, bucket);
        created.add(bucket.bucket());
      }
    }
    List<SyncResult> results = new ArrayList<>();
    for (SyncPlan sync : plan.syncs()) {
      SyncResult result = SyncExecutor.apply(session, sync, listeners.apply(sync));
      results.add(result);
      if (!result.ok()) {
        return new ConfigureResult(created, results, List.of(), List.of(), List.of());
      }
    }
    if (!plan.project().changed()) {
      return new ConfigureResult(created, results, List.of(), List.of(), List.of());
    }
    ConfigureRequest request = plan.request();
    ProjectWriter.Written written =
        ProjectWriter.write(
            plan.project(),
            request.backup(),
            () -> {
              ComposeProject project = load(request);
              return planCompose(
                  project, WorkerSelector.select(project, request.selection()), request);
            });
    return new ConfigureResult(
        created, results, written.files(), written.backups(), written.warnings());
  }

  /**
   * Lint's findings for the project, except what this run sets: the collections' variables in the
   * selected workers (missing, empty or malformed now, and about to be set); and except env files
   * that do not exist, which the project plan names as warnings (the edit reads them as empty).
   */
  private static List<Finding> lint(
      ComposeProject project, List<String> workers, ConfigureRequest request) {
    List<String> variables =
        request.collections().stream().map(PluginCollection::variable).toList();
    // a missing env file is a warning of the project plan here (the edit does not need it)
    return Lint.check(project, workers, variables).stream()
        .filter(f -> !f.check().equals(Lint.MISSING_ENV_FILE))
        .filter(
            f ->
                !(Set.of(Lint.PLUGIN_VARIABLE, Lint.PLUGIN_URI).contains(f.check())
                    && workers.contains(f.service())
                    && variables.contains(f.variable())))
        .toList();
  }

  /** The compose project docker compose would load for the request's compose file. */
  private static ComposeProject load(ConfigureRequest request) {
    return ComposeProject.discover(
        request.composeFile(), Path.of("").toAbsolutePath(), request.environment());
  }

  /**
   * The verified edit of the project for the selected workers; refuses when a worker cannot be
   * edited.
   */
  private static ProjectPlan planCompose(
      ComposeProject project, List<ServiceChoice> choices, ConfigureRequest request) {
    List<String> workers = WorkerSelector.workers(choices);
    if (workers.isEmpty()) {
      throw new ConfigureException(
          project.base().label()
              + ": no worker service found among "
              + String.join(", ", project.base().serviceNames())
              + "; name them with --service NAME, or match their images with --image-pattern GLOB");
    }
    Map<String, String> vars = new LinkedHashMap<>();
    request.collections().forEach(c -> vars.put(c.variable(), c.uri()));
    ProjectPlan composePlan = ProjectEdit.plan(project, workers, vars, request.edit());
    if (!composePlan.refusals().isEmpty()) {
      throw new ConfigureException(
          project.base().label()
              + ": cannot set "
              + String.join(", ", vars.keySet())
              + " safely in every worker:\n"
              + composePlan.refusals().stream()
                  .map(r -> "  " + r)
                  .collect(Collectors.joining("\n"))
              + "\nNothing was changed. Fix those services by hand, or leave them out with"
              + " --exclude-service NAME.");
    }
    return composePlan;
  }

  /** Directories exist and hold files; variables are distinct; locations do not overlap. */
  static void checkCollections(List<PluginCollection> collections) {
    Set<String> variables = new LinkedHashSet<>();
    for (PluginCollection c : collections) {
      Path dir = c.directory();
      if (!Files.isDirectory(dir)) {
        throw new ConfigureException(
            dir
                + ": "
                + (Files.exists(dir) ? "is not a directory" : "no such directory")
                + "; --plugins takes the directory that holds the plugin packages");
      }
      if (isEmpty(dir)) {
        throw new ConfigureException(
            dir + ": the plugin directory is empty; syncing it would leave the workers no plugins");
      }
      if (!variables.add(c.variable())) {
        throw new ConfigureException(
            "two collections set " + c.variable() + "; give each its own --var NAME");
      }
    }
    for (int i = 0; i < collections.size(); i++) {
      for (int j = i + 1; j < collections.size(); j++) {
        S3Location a = collections.get(i).location();
        S3Location b = collections.get(j).location();
        if (a.bucket().equals(b.bucket()) && overlaps(a.prefix(), b.prefix())) {
          throw new ConfigureException(
              a
                  + " and "
                  + b
                  + " overlap: syncing one would delete the other's files; give each collection"
                  + " its own prefix, e.g. s3://"
                  + a.bucket()
                  + "/builtins and s3://"
                  + a.bucket()
                  + "/custom");
        }
      }
    }
  }

  private static boolean overlaps(String p, String q) {
    String a = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    String b = q.isEmpty() || q.endsWith("/") ? q : q + "/";
    return a.startsWith(b) || b.startsWith(a);
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new ConfigureException(dir + ": cannot read the plugin directory: " + e.getMessage());
    }
  }

  private static List<String> distinctBuckets(List<PluginCollection> collections) {
    return collections.stream().map(c -> c.location().bucket()).distinct().toList();
  }
}
