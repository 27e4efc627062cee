package io.testbed.plugins.s3;

/**
 * Progress callbacks from {@link SyncExecutor}. Called from several threads at once: implementations
 * must be thread-safe. Every method defaults to doing nothing.
 */
public interface SyncListener {
  SyncListener NONE = new SyncListener() {};

  /** A file has been copied. */
  default void transferred(SyncEntry entry) {}

  /** A file could not be copied (after retries). */
  default void failed(SyncEntry entry, String message) {}

  /** A file has been deleted from the destination. */
  default void deleted(SyncEntry entry) {}
}
