package io.testbed.plugins.s3.watch;

import io.testbed.plugins.s3.LocalTree;
import io.testbed.plugins.s3.Reachability;
import io.testbed.plugins.s3.RemoteTree;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.StorageException;
import io.testbed.plugins.s3.Sync;
import io.testbed.plugins.s3.SyncExecutor;
import io.testbed.plugins.s3.SyncOptions;
import io.testbed.plugins.s3.SyncPlan;
import io.testbed.plugins.s3.SyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an S3 location an exact mirror of a directory: one full sync, then every change as it
 * happens, until {@link #stop()}.
 *
 * <pre>{@code
 * Watch watch = new Watch(session, Path.of("plugins"), S3Location.parse("s3://plugins/builtins"),
 *     SyncOptions.builder().delete(true).build(), WatchOptions.defaults(), listener);
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> { watch.stop(); watch.awaitEnd(...); }));
 * watch.run();   // returns after stop()
 * }</pre>
 *
 * <p>Each batch is planned against the listing in memory and applied by {@link SyncExecutor}:
 * uploads first, deletes last and only when every upload succeeded. A source that is gone or
 * empty never empties the location: the watch says so and waits. When S3 does not answer, the
 * watch says so once, keeps collecting changes, probes with backoff, and reconciles with a full
 * re-plan when it answers again. Refused credentials end {@link #run()} with a {@link
 * StorageException}.
 */
public final class Watch {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Watch.class);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final S3Session session;
  private final Path root;
  private final S3Location destination;
  private final SyncOptions options;
  private final WatchOptions watchOptions;
  private final WatchListener listener;
  private final Changes changes;
  private final RemoteIndex index;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean stopping;
  private TreeEvents events;
  private boolean polling;
  private boolean reconcile;
  private boolean saidEmpty;
  private final Set<String> retry = new TreeSet<>();
  private long retryAt = Long.MAX_VALUE;
  private Duration retryDelay = Duration.ofSeconds(1);
  private long nextRescan;

  public Watch(S3Session session, Path source, S3Location destination, SyncOptions options,
      WatchOptions watchOptions, WatchListener listener) {
    this.session = session;
    this.root = source.toAbsolutePath().normalize();
    this.destination = destination;
    this.options = options;
    this.watchOptions = watchOptions;
    this.listener = listener;
    this.changes = new Changes(watchOptions);
    this.index = new RemoteIndex(destination);
  }

  /** Asks {@link #run()} to return: the batch in flight is finished, none is started. */
  public void stop() {
    stopping = true;
    stopped.countDown();
    changes.wake();
  }

  /** Waits for {@link #run()} to return, at most {@code limit}; whether it did. */
  public boolean awaitEnd(Duration limit) throws InterruptedException {
    return ended.await(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Test seam: the events' source, to inject an overflow as the watch service reports one. */
  TreeEvents events() {
    return events;
  }

  /**
   * The initial sync, then the loop, until {@link #stop()}.
   *
   * @throws StorageException when the initial sync cannot run (no source, no bucket, S3 not
   *     reachable) or S3 refuses the credentials
   */
  public void run() {
    try {
      if (!Files.isDirectory(root)) {
        throw new StorageException("source directory " + root + " does not exist; check the path");
      }
      startEvents();
      RemoteTree listing = RemoteTree.list(session, destination);
      if (!listing.bucketExists()) {
        throw new StorageException("bucket '" + destination.bucket() + "' does not exist on "
            + session.settings().endpointDescription() + "; create it first: testbed-plugins mb s3://"
            + destination.bucket());
      }
      index.reset(listing);
      SyncPlan first = Sync.plan(session, LocalTree.scan(root, options.filters()), listing, options);
      send(WatchBatch.Kind.INITIAL, first, 0, 0);
      listener.notice(new WatchNotice(
          polling ? WatchNotice.Kind.POLLING : WatchNotice.Kind.WATCHING,
          polling ? "polling " + root + " every " + watchOptions.pollInterval().toSeconds() + "s"
              : "watching " + root + " (" + events.directories() + " directories) -> " + destination));
      nextRescan = System.nanoTime() + watchOptions.rescan().toNanos();
      loop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (events != null) {
        events.close();
      }
      ended.countDown();
    }
  }

  private void loop() throws InterruptedException {
    while (!stopping) {
      long deadline = Math.min(Math.min(nextRescan, retryAt),
          polling ? System.nanoTime() + watchOptions.pollInterval().toNanos() : Long.MAX_VALUE);
      Changes.Pending pending = changes.await(deadline);
      if (stopping) {
        return;
      }
      try {
        step(pending);
      } catch (StorageException e) {
        recover(e.getMessage(), pending.paths());
      }
    }
  }

  private void step(Changes.Pending pending) throws InterruptedException {
    long now = System.nanoTime();
    if (pending.rootGone() || !Files.isDirectory(root)) {
      awaitSource();
    } else if (pending.overflow() || reconcile) {
      full(WatchBatch.Kind.RECONCILE, true, pending);
    } else if (now >= nextRescan) {
      full(WatchBatch.Kind.RESCAN, true, pending);
    } else if (polling && pending.isEmpty()) {
      full(WatchBatch.Kind.POLL, false, pending);
    } else if (!pending.isEmpty() || now >= retryAt) {
      Set<String> paths = new TreeSet<>(pending.paths());
      paths.addAll(retry);
      retry.clear();
      retryAt = Long.MAX_VALUE;
      SyncPlan plan = BatchPlanner.plan(session, root, index, paths, options);
      if (options.delete() && !options.forceEmptySource() && !plan.deletes().isEmpty()
          && index.size() - plan.deletes().size() + plan.added().size() == 0) {
        full(WatchBatch.Kind.RECONCILE, false, pending); // the source may be empty: check it all
        return;
      }
      send(WatchBatch.Kind.CHANGES, plan, pending.firstEventNanos(), pending.events());
    }
  }

  /** A full re-plan of the local tree, against a fresh listing or the one in memory. */
  private void full(WatchBatch.Kind kind, boolean list, Changes.Pending pending)
      throws InterruptedException {
    LocalTree local = LocalTree.scan(root, options.filters());
    if (!local.exists()) {
      awaitSource();
      return;
    }
    RemoteTree remote = index.all();
    if (list) {
      remote = RemoteTree.list(session, destination);
      index.reset(remote);
      nextRescan = System.nanoTime() + watchOptions.rescan().toNanos();
    }
    reconcile = false;
    retry.clear();
    retryAt = Long.MAX_VALUE;
    if (local.files().isEmpty() && options.delete() && !options.forceEmptySource()
        && !remote.objects().isEmpty()) {
      if (!saidEmpty) {
        listener.notice(new WatchNotice(WatchNotice.Kind.SOURCE_EMPTY, root + " has no files;"
            + " not deleting the " + remote.objects().size() + " objects under " + destination
            + "; waiting for files (pass --force-empty-source to really empty it)"));
        saidEmpty = true;
      }
      reconcile = true; // the next change re-plans everything
      return;
    }
    saidEmpty = false;
    SyncPlan plan = Sync.plan(session, local, remote, options);
    send(kind, plan, pending.isEmpty() ? 0 : pending.firstEventNanos(), pending.events());
  }

  /** Applies a plan and reports it; a failed request is looked into before anything else. */
  private void send(WatchBatch.Kind kind, SyncPlan plan, long firstEventNanos, int eventCount)
      throws InterruptedException {
    SyncResult result = plan.hasChanges()
        ? SyncExecutor.apply(session, plan, new IndexUpdates(index, listener.files(plan)))
        : new SyncResult(0, 0, 0, plan.unchanged().size(), java.util.List.of(), false, Duration.ZERO);
    if (kind == WatchBatch.Kind.INITIAL || plan.hasChanges()) {
      Duration latency =
          firstEventNanos == 0 ? null : Duration.ofNanos(System.nanoTime() - firstEventNanos);
      listener.batch(new WatchBatch(kind, Instant.now(), plan, result, latency, eventCount));
    }
    if (!result.failures().isEmpty() || result.deletesSkipped()) {
      Set<String> paths = new TreeSet<>();
      result.failures().forEach(f -> paths.add(f.path()));
      plan.deletes().forEach(e -> paths.add(e.path()));
      recover(result.failures().isEmpty() ? "deletes held back"
          : result.failures().get(0).message(), paths);
    } else {
      retryDelay = Duration.ofSeconds(1);
    }
  }

  /**
   * After a failure ({@code cause}): S3 refusing ends the watch; S3 not answering means waiting for
   * it, then a full re-plan; otherwise (a local failure) the paths are tried again after a backoff.
   */
  private void recover(String cause, Set<String> paths) throws InterruptedException {
    Reachability.Answer answer = Reachability.check(session, destination);
    switch (answer.status()) {
      case REFUSED -> throw new StorageException(answer.message() + "; the watch stops");
      case UNREACHABLE -> awaitS3(cause);
      case OK -> {
        LOG.debug("batch failed: {}", cause);
        retry.addAll(paths.isEmpty() ? Set.of("") : paths);
        retryAt = System.nanoTime() + retryDelay.toNanos();
        listener.notice(new WatchNotice(WatchNotice.Kind.RETRY,
            cause + "; trying again in " + retryDelay.toSeconds() + "s"));
        retryDelay = min(retryDelay.multipliedBy(2), Duration.ofMinutes(1));
      }
    }
  }

  private void awaitS3(String message) throws InterruptedException {
    listener.notice(new WatchNotice(WatchNotice.Kind.WAITING_FOR_S3, "waiting for S3 (" + message
        + "); changes are kept and sent when it answers"));
    Duration delay = Duration.ofMillis(500);
    while (!stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
      Reachability.Answer answer = Reachability.check(session, destination);
      if (answer.status() == Reachability.Status.OK) {
        listener.notice(new WatchNotice(WatchNotice.Kind.S3_BACK,
            "S3 answers again: sending what changed"));
        reconcile = true;
        return;
      }
      if (answer.status() == Reachability.Status.REFUSED) {
        throw new StorageException(answer.message() + "; the watch stops");
      }
      delay = min(delay.multipliedBy(2), MAX_BACKOFF);
    }
  }

  /** The source directory is gone: say so, delete nothing, wait for it to come back. */
  private void awaitSource() throws InterruptedException {
    listener.notice(new WatchNotice(WatchNotice.Kind.SOURCE_MISSING, root + " is gone; not"
        + " deleting anything under " + destination + "; waiting for it to come back"));
    if (events != null) {
      events.close();
      events = null;
    }
    while (!Files.isDirectory(root)) {
      if (stopped.await(500, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
    listener.notice(new WatchNotice(WatchNotice.Kind.SOURCE_BACK, root + " is back"));
    startEvents();
    reconcile = true;
    changes.wake();
  }

  private void startEvents() {
    if (polling) {
      return;
    }
    if (watchOptions.polling()) {
      polling = true;
      return;
    }
    TreeEvents started = new TreeEvents(root, options.filters(), changes);
    try {
      started.start();
      events = started;
    } catch (TreeEvents.LimitReached e) {
      polling = true;
      listener.notice(new WatchNotice(WatchNotice.Kind.POLLING, e.getMessage()
          + "; polling " + root + " every " + watchOptions.pollInterval().toSeconds() + "s instead"));
    } catch (IOException e) {
      throw new StorageException("cannot watch " + root + ": " + e.getMessage(), e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
