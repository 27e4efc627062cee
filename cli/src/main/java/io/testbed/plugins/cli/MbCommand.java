package io.testbed.plugins.cli;

import io.testbed.plugins.s3.BucketPlan;
import io.testbed.plugins.s3.BucketProvisioner;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mb}: create the plugins bucket unless it exists (s3-mb.sh). */
@Command(
    name = "mb",
    mixinStandardHelpOptions = true,
    description = {
      "Create a bucket unless it already exists and is yours (idempotent).",
      "The name is checked against S3's rules before any request."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  testbed-plugins mb s3://plugins --endpoint-url http://localhost:9000",
      "  testbed-plugins mb --endpoint-url $${MLFLOW_S3_ENDPOINT_URL} plugins    # s3-mb.sh form",
      "",
      "Exit codes: 0 created or already exists, 1 error (e.g. owned by someone else), 2 usage."
    })
public final class MbCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions common;

  @Mixin S3ConnectionOptions connection;

  @Parameters(
      index = "0",
      paramLabel = "BUCKET",
      description = "The bucket: s3://NAME or NAME (a prefix, if given, is ignored).")
  String bucket;

  @Override
  public Integer call() {
    S3Location location = S3Location.parse(bucket);
    try (S3Session session = S3Session.open(connection.settings())) {
      BucketPlan plan = BucketProvisioner.plan(session, location.bucket());
      BucketProvisioner.apply(session, plan);
      spec.commandLine()
          .getOut()
          .println(
              plan.changes()
                  ? "make_bucket: " + location.bucket()
                  : "bucket " + location.bucket() + " already exists and is yours; nothing to do");
    }
    return ExitCode.OK;
  }
}
