/**
 * S3 and nothing else: settings ({@link io.testbed.plugins.s3.S3Settings}, {@link
 * io.testbed.plugins.s3.S3Location}), one client per run ({@link io.testbed.plugins.s3.S3Session}),
 * bucket provisioning ({@link io.testbed.plugins.s3.BucketProvisioner}, a {@link
 * io.testbed.plugins.s3.BucketPlan}), and the exact sync: {@link io.testbed.plugins.s3.LocalTree}
 * and {@link io.testbed.plugins.s3.RemoteTree} → {@link io.testbed.plugins.s3.SyncPlanner} → a
 * {@link io.testbed.plugins.s3.SyncPlan} (pure data) → {@link io.testbed.plugins.s3.SyncExecutor}
 * (uploads first, deletes last, none after a failure), with the local hash cache. Failures are
 * {@link io.testbed.plugins.s3.StorageException}s; no SDK type appears in a public signature.
 *
 * <p>May use: the AWS SDK for Java v2 and the root exceptions.
 *
 * <p>Never uses: {@code yaml}, {@code compose} and its subpackages, {@code docker}, {@code
 * configure}, {@code cli}. Reading S3 settings out of a deployment joins compose and S3, so it
 * lives above both, in {@code configure}.
 */
package io.testbed.plugins.s3;
