package io.testbed.plugins.s3.watch;

import io.testbed.plugins.s3.SyncPlan;
import io.testbed.plugins.s3.SyncResult;
import java.time.Duration;
import java.time.Instant;

/**
 * One sync a watch made: the initial one, a batch of changes, or a full re-plan.
 *
 * @param kind why it ran
 * @param time when it finished
 * @param plan what it planned (for a batch, only the changed paths)
 * @param result what it did
 * @param latency from the batch's first event to the end of its sync; {@code null} when no event
 *     started it
 * @param events file events coalesced into it
 */
public record WatchBatch(
    Kind kind, Instant time, SyncPlan plan, SyncResult result, Duration latency, int events) {

  /** Why a sync ran. */
  public enum Kind {
    /** The full sync at the start. */
    INITIAL,
    /** File events. */
    CHANGES,
    /** The periodic full re-plan with a fresh listing ({@code --rescan}). */
    RESCAN,
    /** A full re-plan with a fresh listing after lost events, an outage or the source's return. */
    RECONCILE,
    /** A full re-plan of the local tree, without file events (the inotify limit). */
    POLL
  }
}
