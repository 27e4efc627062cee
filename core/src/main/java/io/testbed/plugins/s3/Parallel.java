package io.testbed.plugins.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs blocking tasks (hashing, requests) on a bounded pool of daemon threads. */
final class Parallel {
  private Parallel() {}

  /** A task on one item. */
  @FunctionalInterface
  interface Task<T, R, E extends Exception> {
    R apply(T item) throws E;
  }

  /**
   * Applies {@code task} to every item on at most {@code threads} threads and returns the results
   * in item order. The first failure in item order is thrown as it is, after which the remaining
   * tasks are cancelled.
   *
   * @param activity what the tasks do, for thread names and the message on interrupt
   */
  static <T, R, E extends Exception> List<R> map(
      List<T> items, int threads, String activity, Task<T, R, E> task) throws E {
    if (items.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, items.size()), daemonThreads("tbp-" + activity + "-"));
    try {
      List<Future<R>> futures = new ArrayList<>(items.size());
      for (T item : items) {
        futures.add(pool.submit(() -> task.apply(item)));
      }
      List<R> results = new ArrayList<>(items.size());
      for (Future<R> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while " + activity, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      @SuppressWarnings("unchecked")
      E checked = (E) cause;
      throw checked;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs each task on a new daemon thread (for the few one-off background steps of a plan). */
  static Executor background() {
    return task -> daemonThreads("tbp-bg-").newThread(task).start();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
