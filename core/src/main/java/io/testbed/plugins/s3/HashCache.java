package io.testbed.plugins.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The MD5 of each local file, kept between runs in the user's cache the way git's index keeps stat
 * data: an entry is used only when the file's size, mtime, ctime (both in nanoseconds), inode and
 * device all match what was recorded with it. An edit always changes the ctime, even when it puts
 * back the size and the mtime, so a hit is safe.
 *
 * <p>Git's "racy" case is handled too: every entry keeps the moment its hash was taken (just before
 * the file was stat'ed), and an entry whose mtime or ctime is not older than that moment (less the
 * file system's timestamp granularity) is not trusted: the file is hashed again and the entry
 * recorded anew, so it is trusted from the next run on.
 *
 * <p>One cache file per plugin directory, at most {@link HashCacheFile#MAX_FILES} of them, each
 * bounded, written atomically; a corrupt cache, one written for another directory, or one owned by
 * another user is ignored, never an error. Where the file system gives no ctime or inode (no
 * {@code unix} attribute view), nothing is cached.
 */
public final class HashCache {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HashCache.class);

  /** Attributes read per file: one stat. */
  private static final String STAT = "unix:size,lastModifiedTime,ctime,ino,dev";

  /**
   * How much older than the moment of hashing a sub-second timestamp must be to be trusted: more
   * than the kernel's coarse clock lags the wall clock (one tick, at most 10 ms).
   */
  static final long FINE_MARGIN_NS = TimeUnit.MILLISECONDS.toNanos(50);

  /** The same for a whole-second timestamp (file systems that keep seconds, or FAT's 2 s). */
  static final long COARSE_MARGIN_NS = TimeUnit.SECONDS.toNanos(2);

  /** A file's stat data, as an entry keys it. */
  record Stat(long size, long mtimeNs, long ctimeNs, long inode, long device) {
    static Stat of(Path file) throws IOException {
      Map<String, Object> a = Files.readAttributes(file, STAT);
      return new Stat(
          (Long) a.get("size"),
          nanos((FileTime) a.get("lastModifiedTime")),
          nanos((FileTime) a.get("ctime")),
          (Long) a.get("ino"),
          (Long) a.get("dev"));
    }

    /** Whether both timestamps are older than {@code recordedNs}, by the granularity margin. */
    boolean olderThan(long recordedNs) {
      return before(mtimeNs, recordedNs) && before(ctimeNs, recordedNs);
    }

    private static boolean before(long timeNs, long recordedNs) {
      long margin = timeNs % 1_000_000_000L == 0 ? COARSE_MARGIN_NS : FINE_MARGIN_NS;
      return timeNs < recordedNs - margin;
    }

    private static long nanos(FileTime t) {
      return t.to(TimeUnit.NANOSECONDS);
    }
  }

  /** A cached hash: the stat data it belongs to, when it was taken, and the MD5. */
  record Entry(Stat stat, long recordedNs, byte[] md5) {}

  private final Path file;
  private final Path root;
  private final Map<String, Entry> previous;
  private final Map<String, Entry> current = new ConcurrentHashMap<>();
  private final long recordedNs;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger hashed = new AtomicInteger();

  private HashCache(Path file, Path root, Map<String, Entry> previous, LongSupplier clockMillis) {
    this.file = file;
    this.root = root;
    this.previous = previous;
    this.recordedNs = TimeUnit.MILLISECONDS.toNanos(clockMillis.getAsLong());
  }

  /**
   * The default directory: {@code $XDG_CACHE_HOME/testbed-plugins/hashes}, else {@code
   * ~/.cache/testbed-plugins/hashes}.
   */
  public static Path defaultDirectory(Map<String, String> environment) {
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("testbed-plugins").resolve("hashes");
  }

  /** The cache for the tree under {@code root} kept in {@code directory} ({@code null}: none). */
  static HashCache open(Path directory, Path root) {
    return open(directory, root, System::currentTimeMillis);
  }

  static HashCache open(Path directory, Path root, LongSupplier clockMillis) {
    if (directory == null || !root.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      return new HashCache(null, null, Map.of(), clockMillis); // caches nothing: hashes every file
    }
    Path file = HashCacheFile.fileFor(directory, root);
    return new HashCache(file, root, HashCacheFile.read(file, root), clockMillis);
  }

  /** Whether this cache keeps anything. */
  boolean enabled() {
    return file != null;
  }

  /** The MD5 (lower-case hex) of the file at {@code rel} under the root: cached, or computed. */
  String md5(Path root, String rel) throws IOException {
    Path path = root.resolve(rel);
    if (!enabled()) {
      hashed.incrementAndGet();
      return Hashing.md5(path);
    }
    Stat stat = Stat.of(path); // before hashing: a later edit changes the ctime
    Entry old = previous.get(rel);
    if (old != null && old.stat().equals(stat) && stat.olderThan(old.recordedNs())) {
      hits.incrementAndGet();
      current.put(rel, old);
      return java.util.HexFormat.of().formatHex(old.md5());
    }
    hashed.incrementAndGet();
    String md5 = Hashing.md5(path);
    current.put(rel, new Entry(stat, recordedNs, java.util.HexFormat.of().parseHex(md5)));
    return md5;
  }

  /** Files whose hash came from the cache. */
  int hits() {
    return hits.get();
  }

  /** Files read and hashed. */
  int hashed() {
    return hashed.get();
  }

  /**
   * Writes what this run hashed or confirmed (files no longer there are dropped), atomically; a
   * cache that cannot be written is left as it was.
   */
  void save() {
    if (!enabled() || (hashed.get() == 0 && current.size() == previous.size())) {
      return; // nothing new: the file on disk already says the same
    }
    write(current);
  }

  /** As {@link #save}, keeping the entries of the files this run did not look at (a batch). */
  void savePart() {
    if (enabled() && hashed.get() > 0) {
      Map<String, Entry> all = new java.util.HashMap<>(previous);
      all.putAll(current);
      write(all);
    }
  }

  private void write(Map<String, Entry> entries) {
    try {
      HashCacheFile.write(file, root, entries);
    } catch (IOException | RuntimeException e) {
      LOG.debug("hash cache {} not written: {}", file, e.toString());
    }
  }
}
