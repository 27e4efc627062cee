package io.testbed.plugins.s3;

import io.testbed.plugins.s3.local.Hashing;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
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
            .uploadId();
    try {
      List<Long> offsets = new ArrayList<>();
      for (long offset = 0; offset < size; offset += partSize) {
        offsets.add(offset);
      }
      List<CompletedPart> parts =
          Parallel.map(
              offsets,
              PARTS_IN_FLIGHT,
              "uploading-parts",
              offset -> {
                int number = (int) (offset / partSize) + 1;
                long length = Math.min(partSize, size - offset);
                String md5 = Base64.getEncoder().encodeToString(md5(file, offset, length));
                UploadPartResponse response =
                    session.client()
                        .uploadPart(
                            b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                                .contentLength(length).contentMD5(md5),
                            RequestBody.fromContentProvider(
                                () -> slice(file, offset, length), length, contentType));
                return CompletedPart.builder().partNumber(number).eTag(response.eTag()).build();
              });
      session.client()
          .completeMultipartUpload(
              b -> b.bucket(bucket).key(key).uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (IOException | RuntimeException e) {
      abort(session, bucket, key, uploadId);
      throw e;
    }
  }

  private static void abort(S3Session session, String bucket, String key, String uploadId) {
    try {
      session.client().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // best effort: the original failure is what the user needs to see
    }
  }

  /** A stream of {@code length} bytes of the file from {@code offset} (one per attempt). */
  private static InputStream slice(Path file, long offset, long length) {
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
      InputStream in = Channels.newInputStream(channel);
      return new FilterInputStream(in) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) {
            return -1;
          }
          int b = super.read();
          left -= b < 0 ? 0 : 1;
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(buf, off, (int) Math.min(len, left));
          left -= Math.max(n, 0);
          return n;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
