package io.testbed.plugins.s3;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An object under a prefix.
 *
 * @param path the key relative to the prefix
 * @param size bytes
 * @param lastModifiedMillis the object's Last-Modified
 * @param etag the ETag without quotes: an MD5 for single-part, non-KMS uploads, {@code md5-N} for
 *     multipart ones
 * @param storedMd5 the MD5 this tool stored in the object's metadata ({@code x-amz-meta-tbp-md5}),
 *     or {@code null} when unknown (listings do not return metadata)
 */
public record RemoteObject(
    String path, long size, long lastModifiedMillis, String etag, String storedMd5) {
  private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-f]{32}");

  public RemoteObject {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("path");
    }
    etag = etag == null ? "" : etag.replace("\"", "").toLowerCase(Locale.ROOT);
  }

  /** Whether the ETag looks like an MD5 of the content (a single-part upload). */
  public boolean etagIsMd5() {
    return isPlainMd5(etag);
  }

  static boolean isPlainMd5(String etag) {
    return PLAIN_MD5.matcher(etag).matches();
  }

  RemoteObject withStoredMd5(String md5) {
    return new RemoteObject(path, size, lastModifiedMillis, etag, md5);
  }
}
