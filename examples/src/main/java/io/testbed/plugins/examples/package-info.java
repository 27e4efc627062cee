/**
 * The demo behind {@code examples/demo.sh}: an S3 server in process on the port the sample
 * deployment's {@code .env} gives MinIO, so the command runs against the sample as it would
 * against a real deployment.
 *
 * <p>May use: {@code compose} (to read the sample's {@code .env}), {@code s3}, and the library's
 * test helper {@code testing.EmbeddedS3} (the demo's server).
 *
 * <p>Never uses: {@code docker}, {@code configure}, {@code cli}: the demo runs the command line
 * as a user would, as a process of its own.
 */
package io.testbed.plugins.examples;
