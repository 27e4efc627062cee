package io.testbed.plugins.s3.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local hash cache: a hit needs size, mtime, ctime, inode and device to match; entries in the
 * racy window are hashed again; a corrupt, foreign or other user's cache is ignored, never an error.
 */
class HashCacheTest {
  @TempDir Path tmp;

  private Path cacheDir;
  private Path root;

  private void setUp() throws IOException {
    cacheDir = tmp.resolve("cache");
    root = tmp.resolve("plugins").toAbsolutePath();
    Files.createDirectories(root);
  }

  /** One run: opens the cache at the given wall-clock moment, hashes {@code rel}, saves. */
  private HashCache run(long clockMillis, String rel, String expectedMd5) throws IOException {
    HashCache cache = HashCache.open(cacheDir, root, () -> clockMillis);
    assertThat(cache.md5(root, rel)).isEqualTo(expectedMd5);
    cache.save();
    return cache;
  }

  private Path write(String rel, String content) throws IOException {
    Path file = root.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private static String md5(String content) {
    return Hashing.md5(content.getBytes(StandardCharsets.UTF_8));
  }

  private static long ctimeMillis(Path file) throws IOException {
    return TimeUnit.NANOSECONDS.toMillis(HashCache.Stat.of(file).ctimeNs());
  }

  /** Well after the file's last change: its entry is trusted. */
  private static long later(Path file) throws IOException {
    return ctimeMillis(file) + 5_000;
  }

  @Test
  void anUnchangedFileIsTakenFromTheCacheOnTheNextRun() throws IOException {
    setUp();
    Path file = write("pkg/mod.py", "x = 1\n");
    HashCache first = run(later(file), "pkg/mod.py", md5("x = 1\n"));
    assertThat(first.hashed()).isEqualTo(1);
    assertThat(first.hits()).isZero();

    HashCache second = run(later(file) + 1_000, "pkg/mod.py", md5("x = 1\n"));
    assertThat(second.hits()).isEqualTo(1);
    assertThat(second.hashed()).isZero();
  }

  @Test
  void sameSizeAndSameMtimeWithADifferentCtimeIsRehashed() throws IOException {
    setUp();
    Path file = write("mod.py", "aaaa\n");
    FileTime mtime = Files.getLastModifiedTime(file);
    HashCache.Stat before = HashCache.Stat.of(file);
    run(later(file), "mod.py", md5("aaaa\n"));

    // an edit that puts back the size and the exact mtime: only the ctime tells
    Files.writeString(file, "bbbb\n");
    Files.setLastModifiedTime(file, mtime);
    for (int i = 0; i < 200 && HashCache.Stat.of(file).ctimeNs() == before.ctimeNs(); i++) {
      sleep(5); // the same clock tick as the first write: touch again until the ctime moves
      Files.setLastModifiedTime(file, mtime);
    }
    HashCache.Stat after = HashCache.Stat.of(file);
    assertThat(after.size()).isEqualTo(before.size());
    assertThat(after.mtimeNs()).isEqualTo(before.mtimeNs());
    assertThat(after.inode()).isEqualTo(before.inode());
    assertThat(after.ctimeNs()).isNotEqualTo(before.ctimeNs());

    HashCache second = run(later(file), "mod.py", md5("bbbb\n"));
    assertThat(second.hashed()).isEqualTo(1);
    assertThat(second.hits()).isZero();
  }

  @Test
  void anEntryRecordedInTheRacyWindowIsHashedAgainThenTrusted() throws IOException {
    setUp();
    Path file = write("mod.py", "racy\n");
    long changed = ctimeMillis(file);
    // recorded in the same moment as the file's last change: it could still change unseen
    run(changed, "mod.py", md5("racy\n"));
    HashCache second = run(changed + 1_000, "mod.py", md5("racy\n"));
    assertThat(second.hashed()).as("racy entry not trusted").isEqualTo(1);
    assertThat(second.hits()).isZero();
    // recorded anew a second after the change: trusted from then on
    HashCache third = run(changed + 2_000, "mod.py", md5("racy\n"));
    assertThat(third.hits()).isEqualTo(1);
    assertThat(third.hashed()).isZero();
  }

  @Test
  void theRacyWindowIsTheTimestampGranularity() {
    long t = 1_700_000_000_123_456_789L;
    HashCache.Stat fine = new HashCache.Stat(1, t - 10_000_000_000L, t, 1, 1);
    assertThat(fine.olderThan(t)).isFalse();
    assertThat(fine.olderThan(t + HashCache.FINE_MARGIN_NS)).isFalse();
    assertThat(fine.olderThan(t + HashCache.FINE_MARGIN_NS + 1)).isTrue();
    // a whole-second timestamp may stand for any moment of that second (or two, on FAT)
    long whole = 1_700_000_000_000_000_000L;
    HashCache.Stat coarse = new HashCache.Stat(1, whole, whole, 1, 1);
    assertThat(coarse.olderThan(whole + 1_000_000_000L)).isFalse();
    assertThat(coarse.olderThan(whole + HashCache.COARSE_MARGIN_NS + 1)).isTrue();
    // an mtime in the future (or just now) is never trusted, whatever the ctime
    HashCache.Stat future = new HashCache.Stat(1, t + 60_000_000_000L, t - 10_000_000_000L, 1, 1);
    assertThat(future.olderThan(t)).isFalse();
  }

  /** A valid cache file for {@code rel} with its current stat data and the given MD5. */
  private Path plantEntry(String rel, String claimedMd5) throws IOException {
    Path file = root.resolve(rel);
    HashCache.Entry entry =
        new HashCache.Entry(
            HashCache.Stat.of(file),
            TimeUnit.MILLISECONDS.toNanos(later(file)),
            HexFormat.of().parseHex(claimedMd5));
    Path cacheFile = HashCacheFile.fileFor(cacheDir, root);
    HashCacheFile.write(cacheFile, root, Map.of(rel, entry));
    return cacheFile;
  }

  @Test
  void aCorruptCacheIsIgnoredAndReplaced() throws IOException {
    setUp();
    Path file = write("mod.py", "real\n");
    String wrong = md5("something else\n");
    Path cacheFile = plantEntry("mod.py", wrong);
    // the planted entry is used while the file is intact: the checks below can fail
    assertThat(HashCache.open(cacheDir, root, () -> 0).md5(root, "mod.py")).isEqualTo(wrong);

    byte[] valid = Files.readAllBytes(cacheFile);
    byte[] flipped = valid.clone();
    flipped[valid.length - 12] ^= 1; // a bit of the stored MD5; the CRC no longer matches
    for (byte[] corrupt :
        new byte[][] {
          flipped,
          java.util.Arrays.copyOf(valid, valid.length / 2),
          new byte[0],
          "not a cache at all".getBytes(StandardCharsets.UTF_8),
        }) {
      Files.write(cacheFile, corrupt);
      HashCache cache = run(later(file), "mod.py", md5("real\n"));
      assertThat(cache.hashed()).isEqualTo(1);
      // the run wrote a valid cache in its place
      assertThat(run(later(file), "mod.py", md5("real\n")).hits()).isEqualTo(1);
    }
    // a directory where the file should be: still no error
    Files.delete(cacheFile);
    Files.createDirectories(cacheFile);
    assertThat(run(later(file), "mod.py", md5("real\n")).hashed()).isEqualTo(1);
  }

  @Test
  void aCacheOfAnotherUserIsIgnored() throws IOException {
    setUp();
    assumeTrue("root".equals(System.getProperty("user.name")), "changing a file's owner needs root");
    write("mod.py", "real\n");
    String wrong = md5("planted\n");
    Path cacheFile = plantEntry("mod.py", wrong);
    assertThat(HashCache.open(cacheDir, root, () -> 0).md5(root, "mod.py")).isEqualTo(wrong);

    Files.setAttribute(cacheFile, "unix:uid", 65534); // nobody
    HashCache cache = HashCache.open(cacheDir, root, () -> 0);
    assertThat(cache.md5(root, "mod.py")).isEqualTo(md5("real\n"));
    assertThat(cache.hits()).isZero();
  }

  @Test
  void aCacheWrittenForAnotherDirectoryIsIgnored() throws IOException {
    setUp();
    write("mod.py", "real\n");
    Path cacheFile = plantEntry("mod.py", md5("planted\n"));
    Path other = tmp.resolve("other").toAbsolutePath();
    Files.createDirectories(other);
    Files.writeString(other.resolve("mod.py"), "real\n");
    Files.copy(cacheFile, HashCacheFile.fileFor(cacheDir, other));

    HashCache cache = HashCache.open(cacheDir, other, () -> 0);
    assertThat(cache.md5(other, "mod.py")).isEqualTo(md5("real\n"));
    assertThat(cache.hits()).isZero();
  }

  @Test
  void theCacheDirectoryIsBoundedAndPrivate() throws IOException {
    setUp();
    for (int i = 0; i < HashCacheFile.MAX_FILES + 5; i++) {
      root = tmp.resolve("tree" + i).toAbsolutePath();
      Path file = write("mod.py", "tree " + i + "\n");
      run(later(file), "mod.py", md5("tree " + i + "\n"));
    }
    try (Stream<Path> files = Files.list(cacheDir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".md5cache")).count())
          .isEqualTo(HashCacheFile.MAX_FILES);
    }
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir)))
        .isEqualTo("rwx------");
  }

  @Test
  void withoutACacheDirectoryEveryFileIsHashedAndNothingIsWritten() throws IOException {
    setUp();
    write("mod.py", "x\n");
    HashCache cache = HashCache.open(null, root, System::currentTimeMillis);
    assertThat(cache.md5(root, "mod.py")).isEqualTo(md5("x\n"));
    cache.save();
    assertThat(cache.hashed()).isEqualTo(1);
    assertThat(cacheDir).doesNotExist();
  }

  @Test
  void theDefaultDirectoryFollowsXdgCacheHome() {
    assertThat(HashCache.defaultDirectory(Map.of("XDG_CACHE_HOME", "/x/cache")))
        .isEqualTo(Path.of("/x/cache/testbed-plugins/hashes"));
    assertThat(HashCache.defaultDirectory(Map.of("XDG_CACHE_HOME", "relative")))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "testbed-plugins", "hashes"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
