package io.testbed.plugins.cli;

import io.testbed.plugins.PluginsException;
import io.testbed.plugins.compose.edit.ProjectPlan;
import io.testbed.plugins.configure.ConfigureRequest;
import io.testbed.plugins.configure.Configurator;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.configure.DeploymentS3;
import io.testbed.plugins.docker.ComposeCli;
import io.testbed.plugins.docker.ContainerReport;
import io.testbed.plugins.docker.WorkerRollout;
import io.testbed.plugins.s3.S3Session;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: report drift between the deployment and what {@code configure} would make it. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Report drift: a missing bucket, a remote tree that differs from the plugin directory, a"
          + " worker whose variable is missing or different, or a running worker container that"
          + " lacks the value its files give (when a Docker engine answers the docker CLI)."
          + " Changes nothing.",
      "Every part that can be checked is: when S3 cannot be reached (waiting at most 2 seconds"
          + " for a connection and 10 for an answer), the bucket and the remote tree are"
          + " 'not checked', with the"
          + " reason, and the compose files, lint's findings and the containers are still"
          + " reported.",
      "Takes the same options as 'configure'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # in the deployment directory",
      "  testbed-plugins status --plugins /path/to/task-plugins/securingai_builtins",
      "",
      "  testbed-plugins status --compose docker-compose.yml \\",
      "      --plugins task-plugins/securingai_builtins \\",
      "      --s3-uri s3://plugins/securingai_builtins",
      "",
      "Exit codes: 3 when anything checked drifted; else 1 when the bucket and the remote tree"
          + " could not be checked (or an input is wrong); else 0. 2: usage error."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DeploymentOptions deployment;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Mixin CommonOptions common;

  /** How long {@code status} waits for S3 to accept a connection before it reports without. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = S3ConnectionOptions.environment();
    ConfigureRequest request = deployment.request(false);
    // the compose project first: a wrong input there is an error, as in configure
    DeploymentPlan plan = Configurator.planProject(request);
    DeploymentS3 s3 = null;
    try {
      s3 = deployment.s3(request);
      try (S3Session session = s3.openForReport(CONNECT_TIMEOUT)) {
        plan = DeploymentOptions.withStorage(session, plan, s3);
      }
    } catch (PluginsException e) {
      plan = plan.storageNotChecked(e.getMessage());
    }
    ContainerReport containers = new WorkersAlong(env).check(plan.project().project(),
        expected(plan));
    WorkerRollout stale = WorkerRollout.of(
        containers.drift() ? ComposeCli.locate(env)
            : new ComposeCli(List.of("docker", "compose"), List.of()),
        plan.project().project(), containers.runningAs(), containers.stale());
    if (json) {
      Map<String, Object> m = DeploymentJson.json(
          plan, s3, deployment::defaultLocation, false, common.verbose());
      m.put("upToDate", plan.upToDate() && !containers.drift());
      m.put("containers", WorkersAlong.json(containers, stale));
      out.println(Json.write(m));
    } else {
      DeploymentReport report = new DeploymentReport(out, common);
      report.sources(s3, plan, deployment::defaultLocation);
      report.status(plan);
      WorkersAlong.print(out, containers, stale, report::line);
      report.verdict(plan, containers.stale().size());
    }
    return exitCode(plan, containers);
  }

  /**
   * 3 when anything checked drifted (the files, the bucket, the remote tree, a running worker);
   * else 1 when the bucket and the remote tree could not be checked; else 0. Containers that
   * could not be looked at (no docker CLI, no engine answering here) do not count: status is
   * often run where the deployment does not run.
   */
  static int exitCode(DeploymentPlan plan, ContainerReport containers) {
    if (!plan.drift().isEmpty() || containers.drift()) {
      return ExitCode.PENDING;
    }
    return plan.storageChecked() ? ExitCode.OK : ExitCode.FAILURE;
  }

  /** What each worker's container should hold: the values the files give it now. */
  private static Map<String, Map<String, String>> expected(DeploymentPlan plan) {
    Map<String, Map<String, String>> m = new LinkedHashMap<>();
    plan.workers().forEach(w -> m.put(w, new LinkedHashMap<>()));
    for (ProjectPlan.Variable v : plan.project().variables()) {
      if (m.containsKey(v.service())) {
        m.get(v.service()).put(v.name(), v.value());
      }
    }
    return m;
  }
}
