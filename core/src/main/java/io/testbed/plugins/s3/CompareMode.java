package io.testbed.plugins.s3;

/** How a file present on both sides is judged unchanged. */
public enum CompareMode {
  /** Same size and same content hash (MD5 against the ETag or the stored checksum). Exact. */
  CHECKSUM,
  /** Same size. Misses same-size edits. */
  SIZE,
  /**
   * Same size and the destination is not older than the source ({@code aws s3 sync}'s rule). Misses
   * same-size edits that carry an older mtime (git checkout, cp -p, tar x).
   */
  SIZE_MTIME
}
