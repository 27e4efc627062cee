package io.testbed.plugins.s3;

/** What {@link BucketProvisioner#apply} will do for a bucket. */
public record BucketPlan(String bucket, Action action) {
  /** The bucket exists and is yours, or must be created. */
  public enum Action {
    EXISTS,
    CREATE
  }

  public BucketPlan {
    S3Location.checkBucketName(bucket);
    if (action == null) {
      throw new IllegalArgumentException("action");
    }
  }

  public boolean changes() {
    return action == Action.CREATE;
  }
}
