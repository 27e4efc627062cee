package io.testbed.plugins.s3;

/**
 * One path in a {@link SyncPlan}.
 *
 * @param path the path relative to both roots, {@code /}-separated
 * @param size the source's size (the destination's for a delete)
 * @param change what happens to it
 * @param md5 the source content's MD5 (hex) when known, else {@code null}
 */
public record SyncEntry(String path, long size, Change change, String md5) {
  /** rclone's marks: {@code +} new, {@code *} changed, {@code -} delete, {@code =} unchanged. */
  public enum Change {
    NEW('+'),
    CHANGED('*'),
    DELETE('-'),
    UNCHANGED('=');

    private final char mark;

    Change(char mark) {
      this.mark = mark;
    }

    public char mark() {
      return mark;
    }
  }

  public SyncEntry {
    checkPath(path);
    if (change == null) {
      throw new IllegalArgumentException("change");
    }
  }

  static void checkPath(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
  }
}
