package io.testbed.plugins.s3;

import io.testbed.plugins.testing.EmbeddedS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Helpers for integration tests against {@link EmbeddedS3}. */
final class S3TestSupport {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private S3TestSupport() {}

  static S3Session session(EmbeddedS3 s3, ChecksumMode mode) {
    return S3Session.open(settings(s3, mode));
  }

  static S3Settings settings(EmbeddedS3 s3, ChecksumMode mode) {
    return S3Settings.builder()
        .endpoint(s3.endpoint())
        .checksumMode(mode)
        .credentials(s3.accessKey(), s3.secretKey())
        .concurrency(16)
        .build();
  }

  /** A fresh bucket name. */
  static String newBucket(String hint) {
    return hint + "-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
  }

  static String createBucket(S3Session session, String hint) {
    String bucket = newBucket(hint);
    BucketProvisioner.apply(session, BucketProvisioner.plan(session, bucket));
    return bucket;
  }

  /** Puts an object with the raw SDK client, bypassing our checks. */
  static void putRaw(S3Session session, String bucket, String key, String content) {
    session.client()
        .putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  /** Every key in the bucket with its content (UTF-8). */
  static Map<String, String> contents(S3Session session, String bucket) {
    Map<String, String> out = new TreeMap<>();
    for (S3Object o : listAll(session, bucket)) {
      try {
        out.put(
            o.key(),
            session.client()
                .getObjectAsBytes(b -> b.bucket(bucket).key(o.key()))
                .asString(StandardCharsets.UTF_8));
      } catch (Exception e) {
        throw new IllegalStateException("cannot read s3://" + bucket + "/" + o.key(), e);
      }
    }
    return out;
  }

  private static java.util.List<S3Object> listAll(S3Session session, String bucket) {
    java.util.List<S3Object> all = new java.util.ArrayList<>();
    String token = null;
    do {
      String t = token;
      var page = session.client().listObjectsV2(b -> b.bucket(bucket).continuationToken(t));
      all.addAll(page.contents());
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return all;
  }

  /** Every file under {@code root} (relative path, /-separated) with its content. */
  static Map<String, String> files(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        out.put(root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"), Files.readString(p));
      }
    }
    return out;
  }

}
