package io.testbed.plugins.s3;

/**
 * When the client computes request checksums and validates response checksums.
 *
 * <p>{@link #WHEN_REQUIRED} only sends checksums where an operation requires one (with a legacy
 * Content-MD5 on DeleteObjects) and never uses aws-chunked trailers: what S3-compatible servers
 * (MinIO, Ceph RGW, B2, R2, S3Proxy) accept. {@link #WHEN_SUPPORTED} is the AWS SDK default (CRC32
 * on every upload), fine on AWS itself.
 */
public enum ChecksumMode {
  WHEN_REQUIRED,
  WHEN_SUPPORTED
}
