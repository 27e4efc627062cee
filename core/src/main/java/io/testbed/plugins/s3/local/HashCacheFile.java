package io.testbed.plugins.s3.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The on-disk form of a {@link HashCache}: one file per plugin directory, named by a hash of the
 * directory's path. A header (magic, version, the directory), the entries, and a CRC-32 of all that
 * precedes it. Reading never fails: a missing, corrupt, oversized or foreign file reads as empty.
 */
final class HashCacheFile {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HashCacheFile.class);
  private static final long MAGIC = 0x5442_5048_4331_0001L; // "TBPHC1", format 1

  /** Cache files kept (one per plugin directory); the least recently written go first. */
  static final int MAX_FILES = 32;

  /** Entries kept per directory, and the largest file read. */
  static final int MAX_ENTRIES = 250_000;

  static final long MAX_BYTES = 64L * 1024 * 1024;

  private HashCacheFile() {}

  /** The cache file for {@code root} in {@code directory}. */
  static Path fileFor(Path directory, Path root) {
    byte[] digest =
        Hashing.newSha256().digest(root.toString().getBytes(StandardCharsets.UTF_8));
    return directory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".md5cache");
  }

  /** The entries of the cache for {@code root}, or none when the file is not a valid one of ours. */
  static Map<String, HashCache.Entry> read(Path file, Path root) {
    try {
      if (!Files.isRegularFile(file)) {
        return Map.of();
      }
      if (!ownedByUs(file)) {
        LOG.debug("hash cache {} ignored: owned by another user", file);
        return Map.of();
      }
      if (Files.size(file) > MAX_BYTES) {
        LOG.debug("hash cache {} ignored: too large", file);
        return Map.of();
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < 16) {
        return Map.of();
      }
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, bytes.length - 8);
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      in.skipNBytes(bytes.length - 8);
      if (in.readLong() != crc.getValue()) {
        LOG.debug("hash cache {} ignored: checksum mismatch", file);
        return Map.of();
      }
      in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
      if (in.readLong() != MAGIC || !in.readUTF().equals(root.toString())) {
        LOG.debug("hash cache {} ignored: not a cache of {}", file, root);
        return Map.of();
      }
      int count = in.readInt();
      if (count < 0 || count > MAX_ENTRIES) {
        return Map.of();
      }
      Map<String, HashCache.Entry> entries = new HashMap<>(count * 2);
      for (int i = 0; i < count; i++) {
        String rel = in.readUTF();
        HashCache.Stat stat =
            new HashCache.Stat(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        long recorded = in.readLong();
        byte[] md5 = in.readNBytes(16);
        if (md5.length != 16) {
          return Map.of();
        }
        entries.put(rel, new HashCache.Entry(stat, recorded, md5));
      }
      return in.available() == 0 ? entries : Map.of();
    } catch (IOException | RuntimeException e) {
      LOG.debug("hash cache {} ignored: {}", file, e.toString());
      return Map.of();
    }
  }

  /** Writes the entries to a temporary file beside {@code file}, then renames it into place. */
  static void write(Path file, Path root, Map<String, HashCache.Entry> entries) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + entries.size() * 96);
    DataOutputStream out = new DataOutputStream(buffer);
    out.writeLong(MAGIC);
    out.writeUTF(root.toString());
    List<Map.Entry<String, HashCache.Entry>> kept =
        entries.entrySet().stream().limit(MAX_ENTRIES).toList();
    out.writeInt(kept.size());
    for (Map.Entry<String, HashCache.Entry> e : kept) {
      HashCache.Stat s = e.getValue().stat();
      out.writeUTF(e.getKey());
      out.writeLong(s.size());
      out.writeLong(s.mtimeNs());
      out.writeLong(s.ctimeNs());
      out.writeLong(s.inode());
      out.writeLong(s.device());
      out.writeLong(e.getValue().recordedNs());
      out.write(e.getValue().md5());
    }
    CRC32 crc = new CRC32();
    byte[] body = buffer.toByteArray();
    crc.update(body);
    out.writeLong(crc.getValue());
    if (buffer.size() > MAX_BYTES) {
      return; // a tree this large is hashed every time rather than filling the disk
    }
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path temp = Files.createTempFile(dir, ".md5cache-", ".tmp");
    try {
      Files.write(temp, buffer.toByteArray());
      AtomicMove.replace(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
    evict(dir);
  }

  /** Keeps the {@link #MAX_FILES} most recently written cache files; removes stale temp files. */
  static void evict(Path dir) {
    List<Path> caches = new ArrayList<>();
    long staleTemp = System.currentTimeMillis() - 3_600_000;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(".md5cache")) {
          caches.add(p);
        } else if (name.startsWith(".md5cache-") && modified(p) < staleTemp) {
          Files.deleteIfExists(p); // left by a run that was killed while writing
        }
      }
      if (caches.size() <= MAX_FILES) {
        return;
      }
      caches.sort(Comparator.comparingLong(HashCacheFile::modified).reversed());
      for (Path old : caches.subList(MAX_FILES, caches.size())) {
        Files.deleteIfExists(old);
      }
    } catch (IOException e) {
      LOG.debug("hash cache directory {} not tidied: {}", dir, e.toString());
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE; // gone already, or unreadable: leave it
    }
  }

  /** Whether the file belongs to the user running this process. */
  private static boolean ownedByUs(Path file) throws IOException {
    Path self = Path.of("/proc/self");
    if (Files.exists(self)) {
      return Files.getAttribute(file, "unix:uid").equals(Files.getAttribute(self, "unix:uid"));
    }
    return Files.getOwner(file).getName().equals(System.getProperty("user.name"));
  }
}
