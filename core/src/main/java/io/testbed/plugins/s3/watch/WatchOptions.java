package io.testbed.plugins.s3.watch;

import java.time.Duration;

/**
 * How a watch batches and reconciles.
 *
 * @param quiet a batch is sent once no event came for this long (50 ms)
 * @param maxDelay ... or once this long has passed since its first event, in a steady stream (500 ms)
 * @param rescan a full re-plan, with a fresh listing, this often (5 minutes)
 * @param pollInterval without file events (the inotify limit reached), a full re-plan of the local
 *     tree against the listing in memory this often (2 s)
 * @param polling poll from the start instead of watching events
 */
public record WatchOptions(
    Duration quiet, Duration maxDelay, Duration rescan, Duration pollInterval, boolean polling) {
  public static final Duration DEFAULT_RESCAN = Duration.ofMinutes(5);

  public WatchOptions {
    if (quiet.isNegative() || maxDelay.compareTo(quiet) < 0) {
      throw new IllegalArgumentException("quiet " + quiet + " and maxDelay " + maxDelay);
    }
    if (rescan.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new io.testbed.plugins.s3.StorageException(
          "--rescan must be at least 1s, got " + rescan.toMillis() + "ms");
    }
  }

  public static WatchOptions defaults() {
    return new WatchOptions(
        Duration.ofMillis(50), Duration.ofMillis(500), DEFAULT_RESCAN, Duration.ofSeconds(2), false);
  }

  public WatchOptions withRescan(Duration interval) {
    return new WatchOptions(quiet, maxDelay, interval, pollInterval, polling);
  }

  public WatchOptions withPolling(boolean poll) {
    return new WatchOptions(quiet, maxDelay, rescan, pollInterval, poll);
  }
}
