/**
 * S3 and nothing else: settings ({@link io.testbed.plugins.s3.S3Settings}, {@link
 * io.testbed.plugins.s3.S3Location}), one client per run ({@link io.testbed.plugins.s3.S3Session}),
 * bucket provisioning ({@link io.testbed.plugins.s3.BucketProvisioner}, a {@link
 * io.testbed.plugins.s3.BucketPlan}), and the exact sync: a local tree ({@code s3.local}) and
 * {@link io.testbed.plugins.s3.RemoteTree} (its ListObjectsV2 pages read as a stream by {@code
 * ObjectListing} over a plain-http session, else through the SDK) → {@link
 * io.testbed.plugins.s3.SyncPlanner} → a {@link io.testbed.plugins.s3.SyncPlan} (pure data) →
 * {@link io.testbed.plugins.s3.SyncExecutor}
 * (uploads first, deletes last, none after a failure). Failures are {@link
 * io.testbed.plugins.s3.StorageException}s (a local tree that cannot be read too: {@link
 * io.testbed.plugins.s3.Sync} rethrows {@code s3.local}'s refusal with the same message); no SDK
 * type appears in a public signature.
 *
 * <p>May use: the AWS SDK for Java v2 (its client; for the listing, its SigV4 signer and HTTP
 * client), the JDK's StAX parser ({@code java.xml}), {@code s3.local} (scanning, filters, MD5s and
 * their cache, atomic moves) and the root exceptions.
 *
 * <p>Never uses: {@code s3.watch} (which builds on this package), {@code yaml}, {@code compose} and
 * its subpackages, {@code docker}, {@code configure}, {@code cli}. Reading S3 settings out of a
 * deployment joins compose and S3, so it lives above both, in {@code configure}.
 */
package io.testbed.plugins.s3;
