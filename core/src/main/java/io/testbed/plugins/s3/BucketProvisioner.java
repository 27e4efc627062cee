package io.testbed.plugins.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/** Creates the plugins bucket if it is missing: plan (HeadBucket), then apply (CreateBucket). */
public final class BucketProvisioner {
  private BucketProvisioner() {}

  /**
   * Checks the bucket: {@link BucketPlan.Action#EXISTS} when it exists and these credentials may
   * use it, {@link BucketPlan.Action#CREATE} when it does not exist.
   *
   * @throws StorageException for an invalid name (before any request), a bucket that exists but is
   *     not accessible (403), or a connection failure
   */
  public static BucketPlan plan(S3Session session, String bucket) {
    S3Location.checkBucketName(bucket);
    return new BucketPlan(
        bucket, bucketExists(session, bucket) ? BucketPlan.Action.EXISTS : BucketPlan.Action.CREATE);
  }

  /** Whether the bucket exists and is accessible; false on 404. */
  static boolean bucketExists(S3Session session, String bucket) {
    try {
      session.client().headBucket(b -> b.bucket(bucket));
      return true;
    } catch (SdkException e) {
      int status = Errors.status(e);
      if (status == 404) {
        return false;
      }
      if (status == 403) {
        throw new StorageException(
            "bucket '"
                + bucket
                + "' exists but you have no access to it on "
                + session.settings().endpointDescription()
                + " (HTTP 403): it may be owned by someone else (bucket names are global on AWS),"
                + " or these credentials lack s3:ListBucket; choose another bucket name or check"
                + " the credentials",
            e);
      }
      throw Errors.translate(e, session, "checking bucket '" + bucket + "'");
    }
  }

  /** Creates the bucket when the plan says so. Idempotent: a bucket you already own is success. */
  public static void apply(S3Session session, BucketPlan plan) {
    if (plan.action() != BucketPlan.Action.CREATE) {
      return;
    }
    String region = session.settings().region();
    CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(plan.bucket());
    if (!S3Settings.DEFAULT_REGION.equals(region)) {
      request.createBucketConfiguration(
          c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
    }
    try {
      session.client().createBucket(request.build());
    } catch (SdkException e) {
      String code = Errors.code(e);
      if ("BucketAlreadyOwnedByYou".equals(code)) {
        return;
      }
      if ("BucketAlreadyExists".equals(code)) {
        throw new StorageException(
            "bucket '"
                + plan.bucket()
                + "' already exists and is owned by someone else; bucket names are global:"
                + " choose another name",
            e);
      }
      throw Errors.translate(e, session, "creating bucket '" + plan.bucket() + "'");
    }
  }
}
