package io.testbed.plugins.s3.watch;

import static io.testbed.plugins.testing.TestFiles.write;

import io.testbed.plugins.s3.BucketProvisioner;
import io.testbed.plugins.s3.ChecksumMode;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.s3.SyncOptions;
import io.testbed.plugins.s3.local.Filters;
import io.testbed.plugins.testing.EmbeddedS3;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link Watch} of a temporary directory into a fresh bucket of an {@link EmbeddedS3}, run on
 * its own thread, with what it reported recorded, and a raw SDK client to look at the bucket.
 * Every wait is for a condition, with a deadline.
 */
final class WatchHarness implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  final Path src;
  final String bucket;
  final String prefix = "plugins/builtins/";
  final S3Session session;
  final S3Client raw;
  final List<WatchBatch> batches = new CopyOnWriteArrayList<>();
  final List<WatchNotice> notices = new CopyOnWriteArrayList<>();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();
  Watch watch;
  private Thread thread;

  WatchHarness(EmbeddedS3 s3, URI endpoint, Path src) {
    this.src = src;
    this.bucket = "watch-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    this.session = S3Session.open(S3Settings.builder().endpoint(endpoint)
        .checksumMode(ChecksumMode.WHEN_REQUIRED).credentials(s3.accessKey(), s3.secretKey())
        .concurrency(16).build());
    this.raw = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()))).build();
    BucketProvisioner.apply(session, BucketProvisioner.plan(session, bucket));
  }

  S3Location location() {
    return new S3Location(bucket, prefix);
  }

  /** Starts the watch and waits for its initial sync. */
  WatchHarness start(SyncOptions options, WatchOptions watchOptions) {
    watch = new Watch(session, src, location(), options, watchOptions, new WatchListener() {
      @Override
      public void batch(WatchBatch batch) {
        batches.add(batch);
      }

      @Override
      public void notice(WatchNotice notice) {
        notices.add(notice);
      }
    });
    thread = new Thread(() -> {
      try {
        watch.run();
      } catch (Throwable t) {
        failures.add(t);
      }
    }, "test-watch");
    thread.setDaemon(true);
    thread.start();
    await("the initial sync", () -> noticed(WatchNotice.Kind.WATCHING) || noticed(WatchNotice.Kind.POLLING));
    return this;
  }

  WatchHarness start() {
    return start(SyncOptions.builder().delete(true).hashCache(src.resolveSibling("hashes")).build(),
        WatchOptions.defaults());
  }

  boolean noticed(WatchNotice.Kind kind) {
    return notices.stream().anyMatch(n -> n.kind() == kind);
  }

  long count(WatchBatch.Kind kind) {
    return batches.stream().filter(b -> b.kind() == kind).count();
  }

  void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (!failures.isEmpty()) {
        throw new AssertionError("the watch failed while waiting for " + what, failures.get(0));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; bucket " + bucketMd5s()
            + ", local " + localMd5s() + ", notices " + notices);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits until the bucket holds exactly the local files the default filters accept. */
  void awaitMirror(String what) {
    await(what, () -> bucketMd5s().equals(localMd5s()));
  }

  /** Relative path -> MD5 of every object under the prefix (the ETag of a single-part upload). */
  Map<String, String> bucketMd5s() {
    Map<String, String> out = new TreeMap<>();
    String token = null;
    do {
      String t = token;
      var page = raw.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(t));
      for (S3Object o : page.contents()) {
        // an object being written lists without an ETag on the filesystem store
        out.put(o.key().substring(prefix.length()), String.valueOf(o.eTag()).replace("\"", ""));
      }
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return out;
  }

  /** Relative path -> MD5 of every local file that takes part (default filters). */
  Map<String, String> localMd5s() {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(src)) {
      return out;
    }
    Filters.Matcher matcher = Filters.defaults().matcher();
    try (var walk = Files.walk(src)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String rel = src.relativize(p).toString();
        if (matcher.accepts(rel)) {
          out.put(rel, md5(p));
        }
      }
    } catch (IOException e) {
      return Map.of("<unreadable>", e.toString()); // a tree changing under the walk: not equal
    }
    return out;
  }

  private static String md5(Path p) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void putRaw(String rel, String content) {
    raw.putObject(b -> b.bucket(bucket).key(prefix + rel), RequestBody.fromString(content));
  }

  void deleteRaw(String rel) {
    raw.deleteObject(b -> b.bucket(bucket).key(prefix + rel));
  }


  /** A small plugin tree: two packages, a cache directory and a swap file that stay local. */
  static List<String> plant(Path root) throws IOException {
    List<String> files = new ArrayList<>();
    for (String rel : List.of("evaluation/__init__.py", "evaluation/metrics.py",
        "attacks/__init__.py", "attacks/fgm.py", "attacks/deep/pgd.py")) {
      write(root, rel, "# " + rel + "\n");
      files.add(rel);
    }
    write(root, "attacks/__pycache__/fgm.cpython-311.pyc", "bytecode");
    write(root, "attacks/.fgm.py.swp", "swap");
    return files;
  }

  @Override
  public void close() throws InterruptedException {
    if (watch != null) {
      watch.stop();
      watch.awaitEnd(Duration.ofSeconds(10));
    }
    session.close();
    raw.close();
  }
}
