package io.testbed.plugins.s3.watch;

import io.testbed.plugins.s3.SyncListener;
import io.testbed.plugins.s3.SyncPlan;

/**
 * What a {@link Watch} tells its caller, from the watch's own thread (one call at a time), except
 * {@link #files}' listener, which the executor calls from its transfer threads. Every method
 * defaults to doing nothing.
 */
public interface WatchListener {
  WatchListener NONE = new WatchListener() {};

  /** A sync finished that changed something or failed (an initial sync is always reported). */
  default void batch(WatchBatch batch) {}

  /** Something to say once. */
  default void notice(WatchNotice notice) {}

  /** The per-file listener for a plan about to be applied. */
  default SyncListener files(SyncPlan plan) {
    return SyncListener.NONE;
  }
}
