package io.testbed.plugins.cli;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.configure.Configurator;
import io.testbed.plugins.configure.ConfigureRequest;
import io.testbed.plugins.configure.ConfigureResult;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.configure.DeploymentS3;
import io.testbed.plugins.docker.Rollout;
import io.testbed.plugins.docker.WorkerRollout;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.SyncListener;
import io.testbed.plugins.s3.watch.Watch;
import io.testbed.plugins.s3.watch.WatchOptions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code configure}: bucket, sync and compose edit in one command. */
@Command(
    name = "configure",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create the plugins bucket if missing, mirror each plugin directory into it (uploads first,"
          + " deletes last), then set the variable in every worker service of the compose file.",
      "Every input is checked before anything changes. The compose file is written last, so a"
          + " worker never points at an empty or half-synced location.",
      "Without --endpoint-url (or AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, MLFLOW_S3_ENDPOINT_URL),"
          + " the endpoint and credentials are the deployment's own: the workers'"
          + " MLFLOW_S3_ENDPOINT_URL, reached through MinIO's published port, and their keys.",
      "A literal '$$' in a value is written as '$$$$', because Compose interpolates '$$'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # in the deployment directory: endpoint, credentials and compose file from the deployment",
      "  testbed-plugins configure --plugins /path/to/task-plugins/securingai_builtins --dry-run",
      "",
      "  testbed-plugins configure --compose docker-compose.yml \\",
      "      --plugins task-plugins/securingai_builtins \\",
      "      --s3-uri s3://plugins/securingai_builtins \\",
      "      --endpoint-url http://localhost:9000",
      "",
      "  # two collections, the second with its own variable",
      "  testbed-plugins configure \\",
      "      --plugins task-plugins/securingai_builtins \\",
      "      --s3-uri s3://plugins/securingai_builtins \\",
      "      --plugins task-plugins/custom \\",
      "      --s3-uri s3://plugins/custom --var AI_CUSTOM_PLUGINS_S3_URI",
      "",
      "  # then recreate the changed workers (and the running ones that lack the variable)",
      "  testbed-plugins configure --plugins task-plugins/securingai_builtins --up",
      "",
      "  # and keep every collection mirrored while you edit it (Ctrl-C to stop)",
      "  testbed-plugins configure --plugins task-plugins/securingai_builtins --up --watch",
      "",
      "Exit codes: 0 done or up to date, 1 error (or --up failed), 2 usage, 3 changes pending"
          + " (--check)."
    })
final class ConfigureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DeploymentOptions deployment;

  @Option(names = "--dry-run", description = "Print the plan (bucket, sync, compose diff) and change nothing.")
  boolean dryRun;

  @Option(names = "--check", description = "Change nothing; exit 3 if anything would change (same as 'status').")
  boolean check;

  @Option(names = "--backup", description = "Keep the previous compose file as FILE.bak when it is rewritten.")
  boolean backup;

  @Option(names = "--show-secrets", description = "Show secret-looking values in the diff instead of ***.")
  boolean showSecrets;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--up", description = "Then recreate the workers whose environment changed, and"
      + " the running ones that lack it (docker compose up -d --no-deps WORKER...); nothing else is"
      + " started, stopped or recreated.")
  boolean up;

  @Mixin WatchOption watch;

  @Mixin CommonOptions common;

  private Map<String, Object> planJson(DeploymentPlan plan, DeploymentS3 s3, WorkerRollout rollout) {
    Map<String, Object> m = DeploymentReport.json(
        plan, s3, deployment::defaultLocation, showSecrets, common.verbose());
    m.put("rollout", rollout.needed() ? rollout.toMap() : null);
    return m;
  }

  /** The project as it is on disk now (after the edit, when it was written). */
  private static ComposeProject project(ConfigureRequest request) {
    return ComposeProject.discover(
        request.composeFile(), java.nio.file.Path.of("").toAbsolutePath(), request.environment());
  }

  /** What each worker's container should hold: every collection's variable and location. */
  static Map<String, Map<String, String>> expected(DeploymentPlan plan) {
    Map<String, String> vars = new LinkedHashMap<>();
    plan.request().collections().forEach(c -> vars.put(c.variable(), c.uri()));
    Map<String, Map<String, String>> m = new LinkedHashMap<>();
    plan.workers().forEach(w -> m.put(w, vars));
    return m;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String[] problem = new String[1];
    WatchOptions watchOptions = watch.options(problem);
    if (watchOptions == null || (watch.enabled() && (dryRun || check))) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(spec.qualifiedName() + ": "
          + (watchOptions == null ? problem[0] : "--watch cannot be combined with --dry-run or --check"));
      err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
      return ExitCode.USAGE;
    }
    ConfigureRequest request = deployment.request(backup);
    DeploymentS3 s3 = deployment.s3(request);
    try (S3Session session = s3.open()) {
      int code = once(session, request, s3, out);
      if (code != ExitCode.OK || !watch.enabled()) {
        return code;
      }
      PrintWriter err = spec.commandLine().getErr();
      boolean several = request.collections().size() > 1;
      List<Watch> watches = request.collections().stream()
          .map(c -> new Watch(session, c.directory(), c.location(), request.sync(), watchOptions,
              new WatchRenderer(out, err, json, common.verbose(), false,
                  several ? c.location().toString() : null)))
          .toList();
      return Watching.run(watches, out, err);
    }
  }

  /** The one run: plan, report, apply, and --up. */
  private int once(S3Session session, ConfigureRequest request, DeploymentS3 s3, PrintWriter out) {
    DeploymentReport report = new DeploymentReport(out, common);
    DeploymentPlan plan = DeploymentOptions.plan(session, request, s3);
    boolean applying = !plan.upToDate() && !dryRun && !check;
    WorkersAlong along = new WorkersAlong(S3ConnectionOptions.environment());
    WorkerRollout rollout = along.rollout(plan.project());
    boolean upNow = up && !dryRun && !check;
    if (!json) {
      report.sources(s3, plan, deployment::defaultLocation);
    }
    if (json && !applying && !upNow) {
      out.println(Json.write(planJson(plan, s3, rollout)));
    } else if (plan.upToDate()) {
      if (!json) {
        report.upToDate(plan);
      }
    } else if (!json) {
      report.findings(plan);
      report.plan(plan, showSecrets);
      out.println();
      if (!applying) {
        WorkersAlong.hint(out, rollout, false);
        out.println(
            check
                ? "Changes pending (" + plan.drift().size() + "); nothing was changed."
                : "Dry run: nothing was changed. Run without --dry-run to apply.");
      }
    }
    if (!applying && !upNow) {
      return check && !plan.upToDate() ? ExitCode.PENDING : ExitCode.OK;
    }
    if (!applying) {
      Rollout.Result r = along.up(out, rollout, project(request), expected(plan), !json);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", planJson(plan, s3, rollout));
        m.put("up", WorkersAlong.json(r));
        out.println(Json.write(m));
      }
      if (!r.ok()) {
        throw WorkersAlong.failure(r);
      }
      return ExitCode.OK;
    }
    SyncRenderer renderer = new SyncRenderer(out, spec.commandLine().getErr());
    ConfigureResult result =
        Configurator.apply(
            session,
            plan,
            sync -> System.console() != null && !json
                ? renderer.progress(sync, common.verbose())
                : SyncListener.NONE);
    if (!json) {
      report.result(plan, result);
    }
    Rollout.Result upped = null;
    if (result.ok() && upNow) {
      upped = along.up(out, rollout, project(request), expected(plan), !json);
    } else if (result.composeWritten() && !json) {
      WorkersAlong.hint(out, rollout, true);
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("plan", planJson(plan, s3, rollout));
      m.put("result", DeploymentReport.json(result));
      m.put("up", upped == null ? null : WorkersAlong.json(upped));
      out.println(Json.write(m));
    }
    if (upped != null && !upped.ok()) {
      throw WorkersAlong.failure(upped);
    }
    return result.ok() ? ExitCode.OK : ExitCode.FAILURE;
  }
}
