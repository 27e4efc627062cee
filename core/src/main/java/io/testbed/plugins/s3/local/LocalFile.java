package io.testbed.plugins.s3.local;

/**
 * A regular file in a local tree.
 *
 * @param path the relative path, {@code /}-separated
 * @param size bytes
 * @param mtimeMillis last modification time
 * @param md5 the content's MD5 in lower-case hex, or {@code null} when not (yet) computed
 */
public record LocalFile(String path, long size, long mtimeMillis, String md5) {
  public LocalFile {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size");
    }
  }

  /** The same file with its MD5 (lower-case hex). */
  public LocalFile withMd5(String newMd5) {
    return new LocalFile(path, size, mtimeMillis, newMd5);
  }
}
