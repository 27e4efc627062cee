package io.testbed.plugins.s3;

import io.testbed.plugins.s3.local.AtomicMove;
import io.testbed.plugins.s3.local.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Executes a {@link SyncPlan}: transfers first, on at most {@link S3Settings#concurrency()}
 * threads, each sending one request at a time; deletes last (DeleteObjects batches of 1,000 keys), and only when every
 * transfer succeeded. Uploads carry a Content-MD5 (the server rejects a body that does not match)
 * and store the MD5 in {@code x-amz-meta-tbp-md5}. Downloads are written to a temporary file in the
 * target directory, checked, then renamed into place.
 */
public final class SyncExecutor {
  /** User metadata key ({@code x-amz-meta-tbp-md5}) holding the content MD5 in hex. */
  public static final String MD5_METADATA = "tbp-md5";

  static final int DELETE_BATCH = 1000;
  static final long SMALL_FILE = 256 * 1024;

  private SyncExecutor() {}

  public static SyncResult apply(S3Session session, SyncPlan plan, SyncListener listener) {
    long start = System.nanoTime();
    List<SyncResult.Failure> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger transferred = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    Parallel.map(
        plan.transfers(),
        session.settings().concurrency(),
        "transferring",
        entry -> {
          try {
            if (plan.direction() == SyncPlan.Direction.UPLOAD) {
              upload(session, plan, entry);
            } else {
              download(session, plan, entry);
            }
            transferred.incrementAndGet();
            bytes.addAndGet(entry.size());
            listener.transferred(entry);
          } catch (RuntimeException | IOException e) {
            String message = message(session, e);
            failures.add(new SyncResult.Failure(entry.path(), message));
            listener.failed(entry, message);
          }
          return null;
        });
    int deleted = 0;
    boolean deletesSkipped = false;
    if (!plan.deletes().isEmpty()) {
      if (failures.isEmpty()) {
        deleted =
            plan.direction() == SyncPlan.Direction.UPLOAD
                ? deleteObjects(session, plan, listener, failures)
                : deleteFiles(plan, listener, failures);
      } else {
        deletesSkipped = true;
      }
    }
    return new SyncResult(
        transferred.get(),
        bytes.get(),
        deleted,
        plan.unchanged().size(),
        failures,
        deletesSkipped,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static String message(S3Session session, Exception e) {
    if (e instanceof IOException io) {
      return io.getClass().getSimpleName() + ": " + io.getMessage();
    }
    return e instanceof StorageException se ? se.getMessage() : Errors.describe(e, session);
  }

  private static void upload(S3Session session, SyncPlan plan, SyncEntry entry)
      throws IOException {
    Path file = localPath(plan, entry.path());
    long size = Files.size(file);
    if (size != entry.size()) {
      throw new StorageException(file + " changed while syncing (size " + entry.size() + " -> "
          + size + "); run the sync again");
    }
    // small files are read once into memory (at most one per transfer thread): one read serves
    // the hash, the signature and the body
    byte[] content = size <= SMALL_FILE ? Files.readAllBytes(file) : null;
    if (content != null && content.length != size) {
      throw new StorageException(file + " changed while syncing; run the sync again");
    }
    String md5 =
        entry.md5() != null
            ? entry.md5()
            : content != null ? Hashing.md5(content) : Hashing.md5(file);
    String key = plan.remote().key(entry.path());
    String contentType = ContentTypes.of(entry.path());
    Map<String, String> metadata = Map.of(MD5_METADATA, md5);
    if (size >= S3Session.MULTIPART_THRESHOLD) {
      MultipartUpload.upload(session, plan.remote().bucket(), key, file, size, contentType, metadata);
      return;
    }
    PutObjectRequest request =
        PutObjectRequest.builder()
            .bucket(plan.remote().bucket())
            .key(key)
            .contentType(contentType)
            .contentLength(size)
            .contentMD5(Hashing.base64(md5))
            .metadata(metadata)
            .build();
    RequestBody body =
        content != null
            ? RequestBody.fromContentProvider(
                ContentStreamProvider.fromByteArrayUnsafe(content), size, contentType)
            : RequestBody.fromFile(file);
    session.client().putObject(request, body);
  }

  private static void download(S3Session session, SyncPlan plan, SyncEntry entry)
      throws IOException {
    String problem = KeySafety.problem(entry.path());
    if (problem != null) {
      throw new StorageException("refused key " + plan.remote().key(entry.path()) + ": " + problem);
    }
    Path target = localPath(plan, entry.path());
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".tbp-", ".part");
    try {
      // a body cut off mid-way is fetched again by the SDK's retries, from the start
      GetObjectResponse response =
          session
              .client()
              .getObject(
                  b -> b.bucket(plan.remote().bucket()).key(plan.remote().key(entry.path())),
                  (r, in) -> {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    return r;
                  });
      long size = Files.size(temp);
      long expected = response.contentLength() == null ? entry.size() : response.contentLength();
      if (size != expected) {
        throw new StorageException(
            "download of " + plan.remote().key(entry.path()) + " was truncated (" + size + " of "
                + expected + " bytes)");
      }
      String expectedMd5 = response.metadata().get(MD5_METADATA);
      if (expectedMd5 == null && response.eTag() != null) {
        String etag = response.eTag().replace("\"", "");
        expectedMd5 = RemoteObject.isPlainMd5(etag) ? etag : null;
      }
      if (expectedMd5 != null && !expectedMd5.equals(Hashing.md5(temp))) {
        throw new StorageException(
            "download of " + plan.remote().key(entry.path()) + " does not match its checksum");
      }
      if (response.lastModified() != null) {
        Files.setLastModifiedTime(temp, FileTime.from(response.lastModified()));
      }
      AtomicMove.replace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The local file for a relative path; never outside the root. */
  static Path localPath(SyncPlan plan, String relativePath) {
    Path root = plan.localRoot();
    Path p = root.resolve(relativePath).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new StorageException("refused path " + relativePath + ": outside " + root);
    }
    return p;
  }

  private static int deleteObjects(
      S3Session session, SyncPlan plan, SyncListener listener, List<SyncResult.Failure> failures) {
    int deleted = 0;
    List<SyncEntry> all = plan.deletes();
    for (int from = 0; from < all.size(); from += DELETE_BATCH) {
      List<SyncEntry> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
      List<ObjectIdentifier> ids =
          batch.stream()
              .map(e -> ObjectIdentifier.builder().key(plan.remote().key(e.path())).build())
              .toList();
      DeleteObjectsResponse response;
      try {
        response =
            session
                .client()
                .deleteObjects(
                    b ->
                        b.bucket(plan.remote().bucket())
                            .delete(Delete.builder().objects(ids).quiet(true).build()));
      } catch (RuntimeException e) {
        String message = Errors.describe(e, session);
        for (SyncEntry entry : batch) {
          failures.add(new SyncResult.Failure(entry.path(), "delete failed: " + message));
        }
        continue;
      }
      java.util.Set<String> failedKeys = new java.util.HashSet<>();
      for (S3Error error : response.errors()) {
        failedKeys.add(error.key());
        String path = error.key().startsWith(plan.remote().prefix())
            ? error.key().substring(plan.remote().prefix().length()) : error.key();
        failures.add(
            new SyncResult.Failure(
                path, "delete failed: " + error.code() + ": " + error.message()));
      }
      for (SyncEntry entry : batch) {
        if (!failedKeys.contains(plan.remote().key(entry.path()))) {
          deleted++;
          listener.deleted(entry);
        }
      }
    }
    return deleted;
  }

  private static int deleteFiles(
      SyncPlan plan, SyncListener listener, List<SyncResult.Failure> failures) {
    int deleted = 0;
    for (SyncEntry entry : plan.deletes()) {
      try {
        Files.deleteIfExists(localPath(plan, entry.path()));
        deleted++;
        listener.deleted(entry);
      } catch (IOException | RuntimeException e) {
        failures.add(new SyncResult.Failure(entry.path(), "delete failed: " + e.getMessage()));
      }
    }
    return deleted;
  }
}
