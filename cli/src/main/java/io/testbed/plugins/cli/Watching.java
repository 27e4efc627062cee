package io.testbed.plugins.cli;

import io.testbed.plugins.s3.watch.Watch;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one or more {@link Watch}es until Ctrl-C or SIGTERM, then exits 0: a shutdown hook stops
 * every watch, lets the batch in flight finish for at most {@link #STOP_LIMIT} (the executor never
 * deletes before its uploads succeeded, so abandoning one is safe), flushes the output, and ends
 * the process with status 0. A watch that cannot go on (credentials refused) stops the others and
 * its error is the command's.
 */
final class Watching {
  static final Duration STOP_LIMIT = Duration.ofSeconds(3);

  private Watching() {}

  static int run(List<Watch> watches, PrintWriter out, PrintWriter err) {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      watches.forEach(Watch::stop);
      long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
      try {
        for (Watch w : watches) {
          w.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        finished.await(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.flush();
      err.flush();
      Runtime.getRuntime().halt(ExitCode.OK);
    }, "tbp-watch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      runAll(watches);
      return ExitCode.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the process is shutting down: the hook ends it
      }
      out.flush();
      err.flush();
      finished.countDown();
    }
  }

  private static void runAll(List<Watch> watches) {
    if (watches.size() == 1) {
      watches.get(0).run();
      return;
    }
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(watches.size());
    for (Watch w : watches) {
      Thread t = new Thread(() -> {
        try {
          w.run();
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
          watches.forEach(Watch::stop);
        } finally {
          done.countDown();
        }
      }, "tbp-watch");
      t.setDaemon(true);
      t.start();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      watches.forEach(Watch::stop);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
