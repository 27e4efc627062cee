package io.testbed.plugins.cli;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.Place;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.lint.Finding;
import io.testbed.plugins.compose.lint.Lint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lint}: what would break the deployment, before {@code docker compose up} finds out. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Check the compose project (the compose file, the override files docker compose would load,"
          + " and their env files) for what breaks the deployment, and for workers that cannot"
          + " fetch their plugins. Changes nothing.",
      "",
      "Errors: named volumes or networks used but not declared; env_file paths that do not exist"
          + " (unless 'required: false'); ${VAR:?} without VAR; a worker without its plugin"
          + " variable, with an empty one or one that is not s3://BUCKET/PREFIX, without"
          + " MLFLOW_S3_ENDPOINT_URL, or without AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.",
      "Warnings: ${VAR} set neither in the environment nor in .env (compose substitutes an empty"
          + " string); a variable whose name is one or two edits away from a plugin variable."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  testbed-plugins lint",
      "  testbed-plugins lint --compose /etc/dioptra/docker-compose.yml --var DIOPTRA_PLUGINS_S3_URI",
      "  testbed-plugins lint --json",
      "",
      "Exit codes: 0 no errors (warnings may be printed), 1 errors found (or the compose file",
      "cannot be read), 2 usage error."
    })
final class LintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ComposeFileOption compose;
  @Mixin WorkerSelectionOptions selection;

  @Option(
      names = "--var",
      paramLabel = "NAME",
      description = "A plugin variable every worker needs (repeatable). Default: one of"
          + " AI_PLUGINS_S3_URI or DIOPTRA_PLUGINS_S3_URI.")
  List<String> vars = new ArrayList<>();

  @Option(names = "--json", description = "Print {\"files\": [...], \"findings\": [...]} instead of text.")
  boolean json;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path base = compose.resolve();
    List<Finding> findings;
    List<String> files;
    try {
      ComposeProject project =
          ComposeProject.discover(base, Path.of("").toAbsolutePath(), System.getenv());
      List<String> workers = WorkerSelector.workers(
          WorkerSelector.select(project, selection.toSelection()));
      findings = Lint.check(project, workers, vars);
      files = project.files().stream().map(ComposeFile::label).toList();
    } catch (ComposeException e) {
      if (e.kind() == ComposeException.Kind.USAGE) {
        throw e;
      }
      // a file that does not parse is the first finding, and the last: nothing else can be read
      findings = List.of(new Finding(Finding.Severity.ERROR, Lint.INVALID,
          new Place(e.label().orElse(base.toString()), Math.max(e.line(), 1),
              Math.max(e.column(), 1)), "", e.problem(), e.hint(), null, null));
      files = List.of(base.toString());
    }
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("files", files);
      root.put("findings", LintReport.json(findings));
      out.println(Json.write(root));
    } else {
      LintReport.print(out, findings, common.colorEnabled());
      out.println(findings.isEmpty()
          ? "No problems found in " + String.join(", ", files) + "."
          : LintReport.counts(findings) + " in " + String.join(", ", files) + ".");
    }
    out.flush();
    return LintReport.hasErrors(findings) ? ExitCode.FAILURE : ExitCode.OK;
  }
}
