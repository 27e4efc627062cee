package io.testbed.plugins.cli;

import io.testbed.plugins.s3.ChecksumMode;
import io.testbed.plugins.s3.S3Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How to reach S3, shared by every S3 command ({@code mb}, {@code sync}, {@code configure}, {@code
 * status}). Unset options fall back to the environment (see {@link S3Settings.Builder#resolve}).
 */
public final class S3ConnectionOptions {

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "S3-compatible endpoint, e.g. http://localhost:9000. Default: AWS_ENDPOINT_URL_S3,"
              + " AWS_ENDPOINT_URL, MLFLOW_S3_ENDPOINT_URL, else (configure, status) the"
              + " deployment's own, else AWS.")
  String endpointUrl;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "Region. Default: AWS_REGION, the profile's region, us-east-1 with an endpoint.")
  String region;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "AWS profile for credentials and region (default: AWS_PROFILE, then 'default').")
  String profile;

  @Option(
      names = "--no-path-style",
      description = "Use virtual-hosted addressing (bucket.host) even with --endpoint-url.")
  boolean noPathStyle;

  @Option(
      names = "--checksum-mode",
      paramLabel = "MODE",
      description =
          "Request checksums: when_required (default with an endpoint; what MinIO, Ceph, B2,"
              + " R2 accept) or when_supported (the AWS SDK default, fine on AWS).")
  ChecksumMode checksumMode;

  /** The settings for these options and the process environment. */
  public S3Settings settings() {
    return settings(null);
  }

  /** The settings, with a concurrency override (null: the default). */
  public S3Settings settings(Integer concurrency) {
    return builder().concurrency(concurrency).resolve(environment());
  }

  /** A builder with these options' explicit values, for callers that add more. */
  public S3Settings.Builder builder() {
    return S3Settings.builder()
        .endpoint(endpointUrl)
        .region(region)
        .profile(profile)
        .pathStyle(noPathStyle ? Boolean.FALSE : null)
        .checksumMode(checksumMode);
  }

  static Map<String, String> environment() {
    return System.getenv();
  }
}
