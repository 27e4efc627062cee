package io.testbed.plugins.s3;

import static io.testbed.plugins.s3.S3TestSupport.contents;
import static io.testbed.plugins.s3.S3TestSupport.createBucket;
import static io.testbed.plugins.s3.S3TestSupport.files;
import static io.testbed.plugins.s3.S3TestSupport.putRaw;
import static io.testbed.plugins.s3.S3TestSupport.session;
import static io.testbed.plugins.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.s3.local.Hashing;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sync against a real S3-protocol server (S3Proxy on loopback), in both checksum modes. */
@ExtendWith(EmbeddedS3Extension.class)
class SyncIntegrationTest {
  @TempDir Path tmp;

  private static final SyncOptions DELETE = SyncOptions.builder().delete(true).build();

  private static SyncResult sync(S3Session session, Path dir, S3Location to, SyncOptions options) {
    SyncPlan plan = Sync.plan(session, dir, to, options);
    return SyncExecutor.apply(session, plan, SyncListener.NONE);
  }

  private Path pluginTree() throws Exception {
    Path dir = tmp.resolve("plugins");
    write(dir, "__init__.py", "");
    write(dir, "artifacts/__init__.py", "");
    write(dir, "artifacts/mlflow.py", "import mlflow\n");
    write(dir, "data/tensorflow.py", "import tensorflow as tf\n");
    write(dir, "data/__pycache__/tensorflow.cpython-311.pyc", "bytecode");
    write(dir, "README.md", "# plugins\n");
    return dir;
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void initialSyncUploadsEveryFileExceptDefaultExcludes(ChecksumMode mode, EmbeddedS3 s3)
      throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "initial");
      Path dir = pluginTree();
      SyncResult result = sync(session, dir, S3Location.parse("s3://" + bucket + "/builtins"), DELETE);

      assertThat(result.ok()).isTrue();
      assertThat(result.transferred()).isEqualTo(5);
      assertThat(contents(session, bucket))
          .containsOnlyKeys(
              "builtins/__init__.py",
              "builtins/artifacts/__init__.py",
              "builtins/artifacts/mlflow.py",
              "builtins/data/tensorflow.py",
              "builtins/README.md")
          .containsEntry("builtins/artifacts/mlflow.py", "import mlflow\n");
      var head = session.client().headObject(b -> b.bucket(bucket).key("builtins/data/tensorflow.py"));
      assertThat(head.contentType()).isEqualTo("text/x-python");
      assertThat(head.metadata()).containsKey(SyncExecutor.MD5_METADATA);
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void resyncWithoutChangesUploadsNothing(ChecksumMode mode, EmbeddedS3 s3) throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "noop");
      Path dir = pluginTree();
      S3Location to = S3Location.parse("s3://" + bucket + "/builtins/");
      sync(session, dir, to, DELETE);

      SyncPlan plan = Sync.plan(session, dir, to, DELETE);
      assertThat(plan.hasChanges()).isFalse();
      assertThat(plan.unchanged()).hasSize(5);
      SyncResult result = SyncExecutor.apply(session, plan, SyncListener.NONE);
      assertThat(result.transferred()).isZero();
      assertThat(result.deleted()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void sameSizeEditWithOlderMtimeIsDetectedAndUploaded(ChecksumMode mode, EmbeddedS3 s3)
      throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "mtime");
      Path dir = pluginTree();
      S3Location to = S3Location.parse("s3://" + bucket + "/builtins");
      sync(session, dir, to, DELETE);

      Path file = dir.resolve("artifacts/mlflow.py");
      FileTime before = Files.getLastModifiedTime(file);
      Files.writeString(file, "import mlflou\n");
      Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() - 3_600_000));

      SyncPlan plan = Sync.plan(session, dir, to, DELETE);
      assertThat(plan.changed()).extracting(SyncEntry::path).containsExactly("artifacts/mlflow.py");
      SyncResult result = SyncExecutor.apply(session, plan, SyncListener.NONE);
      assertThat(result.transferred()).isEqualTo(1);
      assertThat(contents(session, bucket)).containsEntry("builtins/artifacts/mlflow.py", "import mlflou\n");
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void withTheHashCacheAnEditThatKeepsSizeAndMtimeIsStillUploaded(ChecksumMode mode, EmbeddedS3 s3)
      throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "cached");
      Path dir = pluginTree();
      S3Location to = S3Location.parse("s3://" + bucket + "/builtins");
      SyncOptions cached = SyncOptions.builder().delete(true).hashCache(tmp.resolve("cache")).build();
      Path file = dir.resolve("artifacts/mlflow.py");
      FileTime mtime = Files.getLastModifiedTime(file);
      Thread.sleep(100); // out of the racy window of the files just written
      sync(session, dir, to, cached);
      assertThat(Sync.plan(session, dir, to, cached).hasChanges()).isFalse();

      Files.writeString(file, "import mlflou\n");
      Files.setLastModifiedTime(file, mtime);
      SyncPlan plan = Sync.plan(session, dir, to, cached);
      assertThat(plan.changed()).extracting(SyncEntry::path).containsExactly("artifacts/mlflow.py");
      SyncExecutor.apply(session, plan, SyncListener.NONE);
      assertThat(contents(session, bucket)).containsEntry("builtins/artifacts/mlflow.py", "import mlflou\n");
      assertThat(Sync.plan(session, dir, to, cached).hasChanges()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void deleteIsScopedToThePrefixAndSiblingPrefixSurvives(ChecksumMode mode, EmbeddedS3 s3)
      throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "scope");
      putRaw(session, bucket, "plugins/builtins-old/keep.py", "old");
      putRaw(session, bucket, "plugins/builtins/stale.py", "stale");
      putRaw(session, bucket, "plugins/builtins.bak", "a key that starts like the prefix");
      Path dir = pluginTree();

      SyncResult result = sync(session, dir, S3Location.parse("s3://" + bucket + "/plugins/builtins"), DELETE);

      assertThat(result.ok()).isTrue();
      assertThat(result.deleted()).isEqualTo(1);
      assertThat(contents(session, bucket))
          .containsEntry("plugins/builtins-old/keep.py", "old")
          .containsEntry("plugins/builtins.bak", "a key that starts like the prefix")
          .doesNotContainKey("plugins/builtins/stale.py")
          .containsKey("plugins/builtins/artifacts/mlflow.py");
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void emptySourceWithDeleteIsRefusedAndChangesNothing(ChecksumMode mode, EmbeddedS3 s3)
      throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "empty");
      putRaw(session, bucket, "builtins/a.py", "a");
      Path empty = Files.createDirectories(tmp.resolve("empty"));
      write(empty, "__pycache__/x.pyc", "only excluded files");
      S3Location to = S3Location.parse("s3://" + bucket + "/builtins");

      assertThatThrownBy(() -> Sync.plan(session, empty, to, DELETE))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("has no files")
          .hasMessageContaining("--force-empty-source");
      assertThatThrownBy(() -> Sync.plan(session, tmp.resolve("missing"), to, DELETE))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("does not exist");
      assertThat(contents(session, bucket)).containsOnlyKeys("builtins/a.py");

      SyncOptions forced = SyncOptions.builder().delete(true).forceEmptySource(true).build();
      assertThat(sync(session, empty, to, forced).deleted()).isEqualTo(1);
      assertThat(contents(session, bucket)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void maxDeleteAbortsBeforeAnyChange(ChecksumMode mode, EmbeddedS3 s3) throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "maxdel");
      for (int i = 0; i < 3; i++) {
        putRaw(session, bucket, "builtins/stale" + i + ".py", "x");
      }
      Path dir = pluginTree();
      S3Location to = S3Location.parse("s3://" + bucket + "/builtins");
      SyncOptions options = SyncOptions.builder().delete(true).maxDelete(2).build();

      assertThatThrownBy(() -> Sync.plan(session, dir, to, options))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("would delete 3 files")
          .hasMessageContaining("--max-delete 2");
      assertThat(contents(session, bucket)).hasSize(3); // nothing uploaded either
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void planningAloneChangesNothing(ChecksumMode mode, EmbeddedS3 s3) throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "dryrun");
      putRaw(session, bucket, "builtins/stale.py", "x");
      SyncPlan plan = Sync.plan(session, pluginTree(), S3Location.parse("s3://" + bucket + "/builtins"), DELETE);

      assertThat(plan.added()).hasSize(5);
      assertThat(plan.deletes()).extracting(SyncEntry::path).containsExactly("stale.py");
      assertThat(contents(session, bucket)).containsOnlyKeys("builtins/stale.py");
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void missingBucketListsAsEmpty(ChecksumMode mode, EmbeddedS3 s3) throws Exception {
    try (S3Session session = session(s3, mode)) {
      S3Location to = S3Location.parse("s3://" + S3TestSupport.newBucket("absent") + "/builtins");
      RemoteTree remote = RemoteTree.list(session, to);
      assertThat(remote.bucketExists()).isFalse();
      assertThat(Sync.plan(session, pluginTree(), to, DELETE).added()).hasSize(5);
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void downloadMirrorsThePrefixAtomicallyAndDeletesExtras(ChecksumMode mode, EmbeddedS3 s3)
      throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "download");
      Path src = pluginTree();
      S3Location loc = S3Location.parse("s3://" + bucket + "/builtins");
      sync(session, src, loc, DELETE);
      putRaw(session, bucket, "builtins-old/other.py", "not mine");

      Path dest = tmp.resolve("worker");
      write(dest, "extra.py", "to delete");
      write(dest, "artifacts/mlflow.py", "import mlfloX\n"); // same size, different content
      SyncPlan plan = Sync.plan(session, loc, dest, DELETE);
      assertThat(plan.direction()).isEqualTo(SyncPlan.Direction.DOWNLOAD);
      SyncResult result = SyncExecutor.apply(session, plan, SyncListener.NONE);

      assertThat(result.ok()).isTrue();
      Map<String, String> expected = files(src);
      expected.remove("data/__pycache__/tensorflow.cpython-311.pyc");
      assertThat(files(dest)).isEqualTo(expected);

      SyncPlan again = Sync.plan(session, loc, dest, DELETE);
      assertThat(again.hasChanges()).isFalse();
    }
  }


  /**
   * Through a server that answers {@code Expect: 100-continue} with an immediate {@code 100
   * Continue} (MinIO, Ceph RGW, moto_server): the SDK asks for one before each full part. The
   * parts carry a Content-MD5, so over http their payload is not hashed for the signature.
   */
  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void largeFileGoesMultipartThroughAnImmediateContinueAndResyncComparesItsStoredChecksum(
      ChecksumMode mode, EmbeddedS3 s3) throws Exception {
    try (FaultProxy server = FaultProxy.continuing(s3.endpoint());
        S3Session session =
            S3Session.open(
                S3Settings.builder()
                    .endpoint(server.endpoint())
                    .checksumMode(mode)
                    .credentials(s3.accessKey(), s3.secretKey())
                    .build())) {
      String bucket = createBucket(session, "multipart");
      Path dir = Files.createDirectories(tmp.resolve("big"));
      byte[] data = new byte[(int) (2 * S3Session.MULTIPART_THRESHOLD + 12345)];
      new java.util.Random(42).nextBytes(data);
      Files.write(dir.resolve("model.bin"), data);
      S3Location to = S3Location.parse("s3://" + bucket + "/big");

      assertThat(sync(session, dir, to, DELETE).ok()).isTrue();
      assertThat(server.continues()).as("parts sent after a 100 Continue").isGreaterThanOrEqualTo(2);
      if (mode == ChecksumMode.WHEN_REQUIRED) {
        assertThat(server.payloadHashes()).contains("UNSIGNED-PAYLOAD")
            .noneMatch(h -> h.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
      }
      var head = session.client().headObject(b -> b.bucket(bucket).key("big/model.bin"));
      // AWS would answer a "...-3" ETag here; S3Proxy's filesystem store makes its own
      assertThat(head.metadata()).containsEntry(SyncExecutor.MD5_METADATA, Hashing.md5(data));
      assertThat(head.contentLength()).isEqualTo(data.length);
      byte[] stored =
          session.client()
              .getObjectAsBytes(b -> b.bucket(bucket).key("big/model.bin"))
              .asByteArray();
      assertThat(stored).isEqualTo(data);

      assertThat(Sync.plan(session, dir, to, DELETE).unchanged()).hasSize(1);

      data[data.length - 1] ^= 1; // same size, one bit
      Files.write(dir.resolve("model.bin"), data);
      assertThat(Sync.plan(session, dir, to, DELETE).changed()).hasSize(1);
    }
  }
}
