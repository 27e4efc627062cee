/**
 * The examples: {@code Demo} (the main job on an embedded S3 server, run by examples/demo.sh) and
 * {@code LibraryUse} (the library use docs/usage.md quotes).
 *
 * <p>May use: the core library ({@code configure}, {@code compose}, {@code s3}) and core's test
 * helper {@code testing.EmbeddedS3}, the CLI jar as a process. Used by nothing.
 */
package io.testbed.plugins.examples;
