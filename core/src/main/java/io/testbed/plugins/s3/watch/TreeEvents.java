package io.testbed.plugins.s3.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.testbed.plugins.s3.local.Filters;
import io.testbed.plugins.s3.local.LocalTree;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The file events under a directory, from the JDK's {@link WatchService} (inotify on Linux): every
 * directory of the tree is registered (excluded ones are not), each new directory as soon as its
 * creation is seen, and the new directory's path is reported as a change so that its files are
 * scanned, including those that landed before it was registered. Each event becomes a changed path
 * in {@link Changes}; a lost event ({@code OVERFLOW}) becomes a request for a full re-plan.
 */
final class TreeEvents implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TreeEvents.class);

  /** The kernel's limit on inotify watches (or instances) is reached: watching cannot go on. */
  static final class LimitReached extends Exception {
    private static final long serialVersionUID = 1L;

    LimitReached(String message) {
      super(message);
    }
  }

  static final String WATCHES_FILE = "/proc/sys/fs/inotify/max_user_watches";

  private final Path root;
  private final Filters.Matcher matcher;
  private final boolean hasIncludes;
  private final Changes changes;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private WatchService service;
  private Thread thread;

  TreeEvents(Path root, Filters filters, Changes changes) {
    this.root = root;
    this.matcher = filters.matcher();
    this.hasIncludes = !filters.includes().isEmpty();
    this.changes = changes;
  }

  /** Registers the tree and starts delivering events. */
  void start() throws IOException, LimitReached {
    try {
      service = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw limit(e);
    }
    try {
      registerTree(root, false);
    } catch (IOException | LimitReached e) {
      close();
      throw e;
    }
    thread = new Thread(this::run, "tbp-watch-events");
    thread.setDaemon(true);
    thread.start();
  }

  /** Directories registered. */
  synchronized int directories() {
    return keys.size();
  }

  /** Test seam: the same as an {@code OVERFLOW} from the watch service. */
  void injectOverflow() {
    changes.overflow();
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        Path dir;
        synchronized (this) {
          dir = keys.get(key);
        }
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == OVERFLOW) {
            LOG.debug("events lost under {}: a full re-plan follows", root);
            changes.overflow();
          } else if (dir != null) {
            handle(dir.resolve((Path) event.context()), event.kind() == ENTRY_CREATE);
          }
        }
        if (!key.reset()) {
          synchronized (this) {
            keys.remove(key);
          }
          if (root.equals(dir) && !Files.isDirectory(root)) {
            changes.rootGone();
          }
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed: the watch is over
    }
  }

  private void handle(Path child, boolean created) {
    String rel = relative(child);
    if (!matcher.accepts(rel)) {
      return;
    }
    if (created && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
      try {
        registerTree(child, true);
      } catch (IOException e) {
        LOG.debug("cannot watch {}: {}; a full re-plan follows", child, e.toString());
        changes.overflow();
      } catch (LimitReached e) {
        LOG.debug("{}; a full re-plan follows", e.getMessage());
        changes.overflow();
      }
    }
    changes.add(rel);
  }

  private String relative(Path p) {
    return LocalTree.relative(root, p);
  }

  private void registerTree(Path start, boolean tolerateVanished) throws IOException, LimitReached {
    try {
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
            throws IOException {
          if (!dir.equals(root) && !hasIncludes && !matcher.accepts(relative(dir) + "/")) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          WatchKey key = dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
          synchronized (TreeEvents.this) {
            keys.put(key, dir);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (NoSuchFileException e) {
      if (!tolerateVanished) {
        throw e;
      }
    } catch (IOException e) {
      throw limit(e);
    }
  }

  /** The kernel limit behind a failure, said with its name, value and remedy; else the failure. */
  private static LimitReached limit(IOException e) throws IOException {
    String m = String.valueOf(e.getMessage());
    if (m.contains("inotify watches")) {
      return new LimitReached("the inotify watch limit fs.inotify.max_user_watches ("
          + current(WATCHES_FILE) + ") is reached; raise it with 'sudo sysctl -w"
          + " fs.inotify.max_user_watches=524288' (and a line in /etc/sysctl.d/ to keep it)");
    }
    if (m.contains("inotify instances")) {
      return new LimitReached("the inotify instance limit fs.inotify.max_user_instances ("
          + current("/proc/sys/fs/inotify/max_user_instances") + ") is reached; raise it with"
          + " 'sudo sysctl -w fs.inotify.max_user_instances=1024'");
    }
    throw e;
  }

  private static String current(String file) {
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      if (service != null) {
        service.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
  }
}
