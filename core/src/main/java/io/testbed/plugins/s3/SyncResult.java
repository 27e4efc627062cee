package io.testbed.plugins.s3;

import java.time.Duration;
import java.util.List;

/**
 * What a sync did.
 *
 * @param transferred files copied
 * @param transferredBytes their bytes
 * @param deleted files deleted from the destination
 * @param unchanged files left alone because they were equal
 * @param failures what failed, one entry per file or batch
 * @param deletesSkipped true when the plan had deletes that were not made because a transfer failed
 * @param elapsed wall time of the apply step
 */
public record SyncResult(
    int transferred,
    long transferredBytes,
    int deleted,
    int unchanged,
    List<Failure> failures,
    boolean deletesSkipped,
    Duration elapsed) {

  public SyncResult {
    failures = List.copyOf(failures);
  }

  /** A file (or delete batch) that failed, with a message saying why. */
  public record Failure(String path, String message) {}

  public boolean ok() {
    return failures.isEmpty() && !deletesSkipped;
  }
}
