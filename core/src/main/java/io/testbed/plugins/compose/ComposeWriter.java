package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a {@link ComposePlan} safely: under an exclusive lock on a sibling {@code .FILE.lock},
 * only if the file still has the bytes it was read with, via a temp file in the same directory
 * (fsync, then an atomic rename over the target), keeping the POSIX permissions. With a backup,
 * the previous content goes to {@code FILE.bak} first (also written atomically). A plan without
 * edits never touches the file.
 */
public final class ComposeWriter {

  /** What a write did. */
  public record Result(boolean written, Optional<Path> backup) {}

  /** Write attempts in all before a conflict is reported. */
  static final int CONFLICT_ATTEMPTS = 4;

  private ComposeWriter() {}

  /** A short, jittered wait before another attempt after a conflict. */
  static void pause(int attempt) {
    try {
      Thread.sleep(25L * attempt + (long) (Math.random() * 50));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ComposeException.of(Kind.CONFLICT, null, "interrupted while waiting for the file's lock",
          "Run the command again.");
    }
  }

  /** The backup path used for {@code file}: {@code FILE.bak} beside it. */
  public static Path backupPath(Path file) {
    return file.resolveSibling(file.getFileName() + ".bak");
  }

  /**
   * Applies the plan to the file it was read from.
   *
   * @throws ComposeException CONFLICT if the file changed since it was read or another process is
   *     writing it; IO on file system errors. The file is unchanged in both cases.
   */
  public static Result write(ComposePlan plan, boolean backup) {
    if (!plan.changed()) {
      return new Result(false, Optional.empty());
    }
    if (!TextEdit.apply(plan.file().text(), plan.edits()).equals(plan.newText())) {
      throw new IllegalArgumentException("the plan's edits do not produce its new text");
    }
    Path given = plan.file().path().orElseThrow(
        () -> new IllegalArgumentException("the plan's file was parsed from memory, not read"));
    return write(given, plan.file().fingerprint(), plan.newText(), backup, given);
  }

  /**
   * Writes a new text to a file the same way as a plan (lock, fingerprint check, temp file, fsync,
   * atomic rename): for the other files of a project, such as env files and override files. A file
   * that does not exist (fingerprint of no bytes) is created, with the permissions of {@code
   * permissionsFrom}.
   *
   * @param fingerprint {@link ComposeFile#sha256} of the bytes the new text was planned against
   * @throws ComposeException CONFLICT if the file changed since it was read or another process is
   *     writing it; IO on file system errors. The file is unchanged in both cases.
   */
  public static Result write(
      Path given, String fingerprint, String newText, boolean backup, Path permissionsFrom) {
    Path target = realPath(given);
    Path dir = target.toAbsolutePath().getParent();
    Path lockFile = dir.resolve("." + target.getFileName() + ".lock");
    String label = given.toString();
    try (FileChannel lockChannel = FileChannel.open(lockFile,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw ComposeException.of(Kind.CONFLICT, label,
            "another process is editing this file right now (lock " + lockFile.getFileName()
                + " is held)", "Wait for it to finish, then run the command again.");
      }
      try {
        checkUnchanged(fingerprint, target);
        Optional<Path> bak = Optional.empty();
        if (backup && Files.exists(target)) {
          Path b = backupPath(target);
          atomicWrite(target, b, Files.readAllBytes(target));
          bak = Optional.of(b);
        }
        Path perms = Files.exists(target) ? target : permissionsFrom;
        atomicWrite(perms, target, newText.getBytes(StandardCharsets.UTF_8), fingerprint);
        return new Result(true, bak);
      } finally {
        lock.release();
      }
    } catch (AccessDeniedException e) {
      throw ComposeException.of(Kind.IO, label, "permission denied: " + e.getFile(),
          "Run as a user who may write the deployment directory (e.g. with sudo).", e);
    } catch (IOException e) {
      throw ComposeException.of(Kind.IO, label, "cannot write: " + e,
          "Check free space and permissions of the directory; the file is unchanged.", e);
    }
  }

  /** Follows symbolic links, so a linked compose file is replaced, not the link. */
  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }

  private static void checkUnchanged(String fingerprint, Path target) throws IOException {
    byte[] now = Files.exists(target) ? Files.readAllBytes(target) : new byte[0];
    if (!ComposeFile.sha256(now).equals(fingerprint)) {
      throw ComposeException.of(Kind.CONFLICT, target.toString(),
          "the file changed on disk after it was read; nothing was written",
          "Run the command again to plan against the current content.");
    }
  }

  private static void atomicWrite(Path permsFrom, Path dest, byte[] bytes) throws IOException {
    atomicWrite(permsFrom, dest, bytes, null);
  }

  private static void atomicWrite(Path permsFrom, Path dest, byte[] bytes, String check)
      throws IOException {
    Path dir = dest.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      PosixFileAttributeView view =
          Files.getFileAttributeView(permsFrom, PosixFileAttributeView.class);
      if (view != null && Files.exists(permsFrom)) {
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        Files.setPosixFilePermissions(tmp, perms);
      }
      if (check != null) {
        checkUnchanged(check, dest);
      }
      try {
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can fsync a directory; the rename itself is still atomic.
    }
  }
}
