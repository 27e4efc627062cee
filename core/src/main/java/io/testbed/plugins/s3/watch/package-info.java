/**
 * The watch loop that keeps a collection mirrored: {@link io.testbed.plugins.s3.watch.Watch}
 * syncs a directory to an S3 location once, exactly, then sends each change as it happens.
 *
 * <p>Events come from the JDK's {@link java.nio.file.WatchService} (inotify on Linux), every
 * directory registered, new ones as they appear ({@code TreeEvents}); bursts are coalesced into
 * batches ({@code Changes}). A batch is planned by the same planner as a one-shot sync, restricted
 * to the changed paths ({@code BatchPlanner}), against the listing kept in memory ({@code
 * RemoteIndex}), and applied by the same executor: exact by content, uploads first, deletes last.
 * A full re-plan reconciles after an overflow, after an outage, and every rescan interval.
 *
 * <p>Uses {@code io.testbed.plugins.s3} (sessions, trees, planner, executor) and the JDK. Never
 * uses the SDK directly, compose, configure or anything that prints: what happens is told to a
 * {@link io.testbed.plugins.s3.watch.WatchListener}.
 */
package io.testbed.plugins.s3.watch;
