package io.testbed.plugins.s3;

import java.nio.file.Path;
import java.util.List;

/**
 * What a sync will do: pure data, printed by {@code --dry-run}, executed by {@link SyncExecutor}.
 *
 * @param direction upload (local to S3) or download (S3 to local)
 * @param localRoot the local directory
 * @param remote the bucket and prefix
 * @param transfers files to copy to the destination ({@link SyncEntry.Change#NEW} or {@link
 *     SyncEntry.Change#CHANGED}), sorted by path
 * @param deletes destination files to delete, sorted by path
 * @param unchanged files already equal on both sides, sorted by path
 * @param warnings files skipped while scanning (symlinks out of the root, undecodable names, ...)
 */
public record SyncPlan(
    Direction direction,
    Path localRoot,
    S3Location remote,
    List<SyncEntry> transfers,
    List<SyncEntry> deletes,
    List<SyncEntry> unchanged,
    List<String> warnings) {

  /** Which way files flow. */
  public enum Direction {
    UPLOAD,
    DOWNLOAD
  }

  public SyncPlan {
    transfers = List.copyOf(transfers);
    deletes = List.copyOf(deletes);
    unchanged = List.copyOf(unchanged);
    warnings = List.copyOf(warnings);
  }

  /** The files to copy (uploads in the upload direction). Same as {@link #transfers()}. */
  public List<SyncEntry> uploads() {
    return transfers;
  }

  /** Transfers of files the destination does not have. */
  public List<SyncEntry> added() {
    return transfers.stream().filter(e -> e.change() == SyncEntry.Change.NEW).toList();
  }

  /** Transfers of files whose destination copy differs. */
  public List<SyncEntry> changed() {
    return transfers.stream().filter(e -> e.change() == SyncEntry.Change.CHANGED).toList();
  }

  public long transferBytes() {
    return transfers.stream().mapToLong(SyncEntry::size).sum();
  }

  public long deleteBytes() {
    return deletes.stream().mapToLong(SyncEntry::size).sum();
  }

  public long unchangedBytes() {
    return unchanged.stream().mapToLong(SyncEntry::size).sum();
  }

  /** Whether applying the plan changes anything. */
  public boolean hasChanges() {
    return !transfers.isEmpty() || !deletes.isEmpty();
  }

  /** The source, for messages: the directory or the {@code s3://} location. */
  public String source() {
    return direction == Direction.UPLOAD ? localRoot.toString() : remote.toString();
  }

  /** The destination, for messages. */
  public String destination() {
    return direction == Direction.UPLOAD ? remote.toString() : localRoot.toString();
  }
}
