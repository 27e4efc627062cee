package io.testbed.plugins.cli;

import io.testbed.plugins.configure.ConfigureRequest;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.configure.DeploymentS3;
import io.testbed.plugins.s3.S3Session;
import java.io.PrintWriter;
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
      "Report drift: a missing bucket, a remote tree that differs from the plugin directory, or a"
          + " worker whose variable is missing or different. Changes nothing.",
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
      if (json) {
        out.println(Json.write(DeploymentReport.json(plan, s3, deployment::defaultLocation, false, common.verbose())));
      } else {
        DeploymentReport report = new DeploymentReport(out, common);
        report.sources(s3, plan, deployment::defaultLocation);
        report.status(plan);
      }
      return plan.upToDate() ? ExitCode.OK : ExitCode.PENDING;
    }
  }
}
