package io.testbed.plugins.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads a large file in parts: parts of at least {@link S3Session#MULTIPART_THRESHOLD}, a few in
 * flight at once, each with its Content-MD5, streamed from the file. On any failure the upload is
 * aborted, so no partial object ever becomes visible.
 */
final class MultipartUpload {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MultipartUpload.class);
  static final int MAX_PARTS = 10_000;
  static final int PARTS_IN_FLIGHT = 4;

  private MultipartUpload() {}

  static void upload(
      S3Session session, String bucket, String key, Path file, long size, String contentType,
      Map<String, String> metadata) throws IOException {
    long partSize = Math.max(S3Session.MULTIPART_THRESHOLD, (size + MAX_PARTS - 1) / MAX_PARTS);
    LOG.debug("multipart upload of s3://{}/{}: {} bytes in {} parts", bucket, key, size,
        (size + partSize - 1) / partSize);
    String uploadId =
        session.client()
            .createMultipartUpload(
                b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata))
            .join()
            .uploadId();
    try {
      Semaphore inFlight = new Semaphore(PARTS_IN_FLIGHT);
      List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
      int partNumber = 1;
      for (long offset = 0; offset < size; offset += partSize, partNumber++) {
        long length = Math.min(partSize, size - offset);
        String md5 = Base64.getEncoder().encodeToString(md5(file, offset, length));
        int number = partNumber;
        long position = offset;
        inFlight.acquireUninterruptibly();
        CompletableFuture<UploadPartResponse> sent =
            session.client()
                .uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength(length).contentMD5(md5),
                    AsyncRequestBody.fromFile(
                        c -> c.path(file).position(position).numBytesToRead(length)));
        parts.add(
            sent.whenComplete((r, e) -> inFlight.release())
                .thenApply(r -> CompletedPart.builder().partNumber(number).eTag(r.eTag()).build()));
      }
      List<CompletedPart> completed = new ArrayList<>(parts.size());
      for (CompletableFuture<CompletedPart> part : parts) {
        completed.add(part.join());
      }
      session.client()
          .completeMultipartUpload(
              b -> b.bucket(bucket).key(key).uploadId(uploadId)
                  .multipartUpload(m -> m.parts(completed)))
          .join();
    } catch (IOException | RuntimeException e) {
      abort(session, bucket, key, uploadId);
      throw e;
    }
  }

  private static void abort(S3Session session, String bucket, String key, String uploadId) {
    try {
      session.client()
          .abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId))
          .join();
    } catch (CompletionException e) {
      // best effort: the original failure is what the user needs to see
    }
  }

  private static byte[] md5(Path file, long offset, long length) throws IOException {
    MessageDigest md = Hashing.newMd5();
    ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long pos = offset;
      long end = offset + length;
      while (pos < end) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), end - pos));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new IOException(file + " shrank while uploading");
        }
        buf.flip();
        md.update(buf);
        pos += n;
      }
    }
    return md.digest();
  }
}
