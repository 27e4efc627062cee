package io.testbed.plugins.cli;

import io.testbed.plugins.configure.ConfigureResult;
import io.testbed.plugins.configure.Configurator;
import io.testbed.plugins.configure.DeploymentPlan;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.SyncListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
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
      "A literal '$$' in a value is written as '$$$$', because Compose interpolates '$$'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  testbed-plugins configure --dry-run \\",
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
      "Exit codes: 0 done or up to date, 1 error, 2 usage, 3 changes pending (--check)."
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

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DeploymentReport report = new DeploymentReport(out, common);
    try (S3Session session = S3Session.open(deployment.s3.settings())) {
      DeploymentPlan plan = Configurator.plan(session, deployment.request(backup));
      boolean applying = !plan.upToDate() && !dryRun && !check;
      if (json && !applying) {
        out.println(Json.write(DeploymentReport.json(plan, showSecrets, common.verbose())));
      } else if (plan.upToDate()) {
        report.upToDate(plan);
      } else if (!json) {
        report.findings(plan);
        report.plan(plan, showSecrets);
        out.println();
        if (!applying) {
          out.println(
              check
                  ? "Changes pending (" + plan.drift().size() + "); nothing was changed."
                  : "Dry run: nothing was changed. Run without --dry-run to apply.");
        }
      }
      if (!applying) {
        return check && !plan.upToDate() ? ExitCode.PENDING : ExitCode.OK;
      }
      SyncRenderer renderer = new SyncRenderer(out, spec.commandLine().getErr());
      ConfigureResult result =
          Configurator.apply(
              session,
              plan,
              sync -> System.console() != null && !json
                  ? renderer.progress(sync, common.verbose())
                  : SyncListener.NONE);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", DeploymentReport.json(plan, showSecrets, common.verbose()));
        m.put("result", DeploymentReport.json(result));
        out.println(Json.write(m));
      } else {
        report.result(plan, result);
      }
      return result.ok() ? ExitCode.OK : ExitCode.FAILURE;
    }
  }
}
