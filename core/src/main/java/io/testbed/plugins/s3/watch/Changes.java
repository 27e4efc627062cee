package io.testbed.plugins.s3.watch;

import java.util.Set;
import java.util.TreeSet;

/**
 * The changed paths seen since the last batch, filled by the event thread and drained by the
 * loop, with the debounce: a batch is handed out once events have been quiet for {@code quiet}, or
 * {@code maxDelay} after its first event when they keep coming.
 */
final class Changes {
  /** What the loop takes: the paths (relative, {@code /}-separated; "" is the root). */
  record Pending(Set<String> paths, boolean overflow, boolean rootGone, long firstEventNanos, int events) {
    boolean isEmpty() {
      return paths.isEmpty() && !overflow && !rootGone;
    }
  }

  private final long quietNanos;
  private final long maxDelayNanos;
  private TreeSet<String> paths = new TreeSet<>();
  private boolean overflow;
  private boolean rootGone;
  private boolean wake;
  private long first;
  private long last;
  private int events;

  Changes(WatchOptions options) {
    this.quietNanos = options.quiet().toNanos();
    this.maxDelayNanos = options.maxDelay().toNanos();
  }

  synchronized void add(String path) {
    paths.add(path);
    touched();
  }

  /** Events were lost (the kernel's or the JDK's queue overflowed): a full re-plan is due. */
  synchronized void overflow() {
    overflow = true;
    touched();
  }

  /** The source directory itself was deleted or moved away. */
  synchronized void rootGone() {
    rootGone = true;
    touched();
  }

  /** Ends a wait at once (stop, or a retry that is due). */
  synchronized void wake() {
    wake = true;
    notifyAll();
  }

  private void touched() {
    long now = System.nanoTime();
    if (events++ == 0) {
      first = now;
    }
    last = now;
    notifyAll();
  }

  /**
   * Waits for a batch until {@code deadlineNanos} ({@link System#nanoTime}); returns an empty batch
   * on the deadline or on {@link #wake()}.
   */
  synchronized Pending await(long deadlineNanos) throws InterruptedException {
    while (true) {
      long now = System.nanoTime();
      if (wake) {
        wake = false;
        return events == 0 ? empty() : take();
      }
      if (events > 0) {
        long due = Math.min(last + quietNanos, first + maxDelayNanos);
        if (now >= due) {
          return take();
        }
        waitNanos(due - now);
      } else if (now >= deadlineNanos) {
        return empty();
      } else {
        waitNanos(deadlineNanos - now);
      }
    }
  }

  private void waitNanos(long nanos) throws InterruptedException {
    long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
    wait(millis);
  }

  private Pending take() {
    Pending b = new Pending(paths, overflow, rootGone, first, events);
    paths = new TreeSet<>();
    overflow = false;
    rootGone = false;
    events = 0;
    return b;
  }

  private static Pending empty() {
    return new Pending(Set.of(), false, false, System.nanoTime(), 0);
  }
}
