package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.yaml.TextEdit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link ComposePlan} safely: under an exclusive lock on a sibling {@code .FILE.lock},
 * only if the file still has the bytes it was read with, via a temp file in the same directory
 * (fsync, then an atomic rename over the target), keeping the POSIX permissions, owner and group.
 * With a backup, the previous content goes to {@code FILE.bak} first (also written atomically). A
 * plan without edits never touches the file.
 *
 * <p>A temp file is named {@code .FILE.PID.RANDOM.tmp} (or {@code .FILE.bak.PID.RANDOM.tmp}) after
 * the process writing it. A process killed between creating and renaming it leaves it behind; the
 * next write, once it holds the lock, removes such files whose process is gone. The lock file
 * stays: removing it would let two runs lock different files of the same name.
 */
public final class ComposeWriter {

  /**
   * What a write did.
   *
   * @param warnings what the caller should tell the user: an owner or group that could not be
   *     kept, temp files of interrupted runs that were removed
   */
  public record Result(boolean written, Optional<Path> backup, List<String> warnings) {
    public Result {
      warnings = List.copyOf(warnings);
    }

    public Result(boolean written, Optional<Path> backup) {
      this(written, backup, List.of());
    }
  }

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
    return write(given, plan.file().bytes(), plan.newText(), backup, given);
  }

  /**
   * Writes a new text to a file the same way as a plan (lock, check that the file still has the
   * bytes it was read with, temp file, fsync, atomic rename): for the other files of a project,
   * such as env files and override files. A file that does not exist (read as no bytes) is
   * created, with the owner, group and permissions of {@code permissionsFrom}.
   *
   * @param read the bytes the new text was planned against
   * @throws ComposeException CONFLICT if the file changed since it was read or another process is
   *     writing it; IO on file system errors. The file is unchanged in both cases.
   */
  public static Result write(
      Path given, byte[] read, String newText, boolean backup, Path permissionsFrom) {
    Path target = realPath(given);
    Path dir = target.toAbsolutePath().getParent();
    Path lockFile = dir.resolve("." + target.getFileName() + ".lock");
    String label = given.toString();
    boolean newLock = !Files.exists(lockFile);
    try (FileChannel lockChannel = FileChannel.open(lockFile,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      if (newLock) {
        shareLockWithOwner(Files.exists(target) ? target : permissionsFrom, lockFile);
      }
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
        List<String> warnings = new ArrayList<>();
        removeStaleTempFiles(target, warnings);
        checkUnchanged(read, target);
        Optional<Path> bak = Optional.empty();
        if (backup && Files.exists(target)) {
          Path b = backupPath(target);
          atomicWrite(target, b, Files.readAllBytes(target), null, warnings);
          bak = Optional.of(b);
        }
        Path attrs = Files.exists(target) ? target : permissionsFrom;
        atomicWrite(attrs, target, newText.getBytes(StandardCharsets.UTF_8), read,
            warnings);
        return new Result(true, bak, warnings);
      } finally {
        lock.release();
      }
    } catch (AccessDeniedException e) {
      throw ComposeException.permissionDenied(label, Path.of(e.getFile()), "write",
          "the file is unchanged.", e);
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

  private static void checkUnchanged(byte[] read, Path target) throws IOException {
    byte[] now = Files.exists(target) ? Files.readAllBytes(target) : new byte[0];
    if (!java.util.Arrays.equals(now, read)) {
      throw ComposeException.of(Kind.CONFLICT, target.toString(),
          "the file changed on disk after it was read; nothing was written",
          "Run the command again to plan against the current content.");
    }
  }

  /**
   * Writes {@code dest} through a temp file beside it, with the permissions, owner and group of
   * {@code attrsFrom} (set on the temp file before the rename); if {@code check} (the bytes read) is
   * given, the target must still have them when the temp file is ready.
   */
  private static void atomicWrite(Path attrsFrom, Path dest, byte[] bytes, byte[] check,
      List<String> warnings) throws IOException {
    Path dir = dest.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, tempPrefix(dest), TEMP_SUFFIX);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      copyAttributes(attrsFrom, tmp, dest, warnings);
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

  /**
   * Gives {@code tmp} the owner, group and permissions of {@code from} (owner and group first:
   * changing them may clear permission bits). What cannot be set (only root may give a file away)
   * becomes a warning naming {@code dest}, the old owner and the new one.
   */
  private static void copyAttributes(Path from, Path tmp, Path dest, List<String> warnings)
      throws IOException {
    PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
    PosixFileAttributeView target = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
    if (source == null || target == null || !Files.exists(from)) {
      return;
    }
    PosixFileAttributes was = source.readAttributes();
    String failure = null;
    try {
      if (!target.readAttributes().group().equals(was.group())) {
        target.setGroup(was.group());
      }
      if (!target.readAttributes().owner().equals(was.owner())) {
        target.setOwner(was.owner());
      }
    } catch (FileSystemException e) {
      failure = e.getReason() != null ? e.getReason() : e.toString();
    }
    Files.setPosixFilePermissions(tmp, was.permissions());
    PosixFileAttributes now = target.readAttributes();
    if (!now.owner().equals(was.owner()) || !now.group().equals(was.group())) {
      String old = was.owner().getName() + ":" + was.group().getName();
      warnings.add(dest + ": could not keep its owner " + old + "; it now belongs to "
          + now.owner().getName() + ":" + now.group().getName()
          + (failure == null ? "" : " (" + failure + ")")
          + "; restore it as root with: chown " + old + " " + dest);
    }
  }

  /**
   * Gives a new lock file the owner, group and mode of the compose file, so that its owner can
   * still lock it after a run as root. Best effort: the lock file holds nothing.
   */
  private static void shareLockWithOwner(Path target, Path lockFile) {
    try {
      PosixFileAttributes was = Files.readAttributes(target, PosixFileAttributes.class);
      PosixFileAttributeView lock = Files.getFileAttributeView(lockFile, PosixFileAttributeView.class);
      lock.setGroup(was.group());
      lock.setOwner(was.owner());
      lock.setPermissions(was.permissions());
    } catch (IOException | UnsupportedOperationException e) {
      // Not root, or no POSIX attributes: the lock file stays the creator's.
    }
  }

  private static final String TEMP_SUFFIX = ".tmp";

  /** {@code .NAME.PID.}: a temp file's name before its random part. */
  private static String tempPrefix(Path dest) {
    return "." + dest.getFileName() + "." + ProcessHandle.current().pid() + ".";
  }

  /**
   * Removes the temp files of {@code target} and its backup ({@code .NAME.PID.RANDOM.tmp}) whose
   * process no longer runs: a run killed before its rename leaves one behind. Called under the lock,
   * so no live run of this tool is writing them; the process check spares any other.
   */
  private static void removeStaleTempFiles(Path target, List<String> warnings) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    List<String> prefixes = List.of("." + target.getFileName() + ".",
        "." + backupPath(target).getFileName() + ".");
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
        p -> p.getFileName().toString().endsWith(TEMP_SUFFIX))) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        for (String prefix : prefixes) {
          long pid = tempOwner(name, prefix);
          if (pid > 0 && pid != ProcessHandle.current().pid()
              && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
              && Files.deleteIfExists(p)) {
            warnings.add("removed " + p + ", left behind by an interrupted run (process " + pid
                + ")");
            break;
          }
        }
      }
    }
  }

  /** The process id in a temp file name {@code PREFIX + PID.RANDOM.tmp}, or -1. */
  static long tempOwner(String name, String prefix) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) {
      return -1;
    }
    String middle = name.substring(prefix.length(), name.length() - TEMP_SUFFIX.length());
    int dot = middle.indexOf('.');
    if (dot <= 0 || dot > 18 || !digits(middle, 0, dot) || !digits(middle, dot + 1, middle.length())) {
      return -1;
    }
    return Long.parseLong(middle.substring(0, dot));
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return to > from;
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can fsync a directory; the rename itself is still atomic.
    }
  }
}
