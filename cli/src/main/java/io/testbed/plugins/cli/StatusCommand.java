package io.testbed.plugins.cli;

import io.testbed.plugins.compose.edit.ProjectPlan;
import io.testbed.plugins.configure.ConfigureRequest;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.configure.DeploymentS3;
import io.testbed.plugins.docker.ComposeCli;
import io.testbed.plugins.docker.ContainerReport;
import io.testbed.plugins.docker.WorkerRollout;
import io.testbed.plugins.s3.S3Session;
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
      "Exit codes: 0 in sync, 1 error, 2 usage, 3 drift."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DeploymentOptions deployment;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ConfigureRequest request = deployment.request(false);
    DeploymentS3 s3 = deployment.s3(request);
    try (S3Session session = s3.open()) {
      DeploymentPlan plan = DeploymentOptions.plan(session, request, s3);
      WorkersAlong along = new WorkersAlong(S3ConnectionOptions.environment());
      ContainerReport containers = along.check(plan.project().project(), expected(plan));
      WorkerRollout stale = WorkerRollout.of(
          containers.drift() ? ComposeCli.locate(S3ConnectionOptions.environment())
              : new ComposeCli(List.of("docker", "compose"), List.of()),
          plan.project().project(), containers.runningAs(), containers.stale());
      if (json) {
        Map<String, Object> m = DeploymentReport.json(
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
      return plan.upToDate() && !containers.drift() ? ExitCode.OK : ExitCode.PENDING;
    }
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
