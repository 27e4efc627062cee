package io.testbed.plugins.s3;

import io.testbed.plugins.s3.local.Filters;
import io.testbed.plugins.s3.local.LocalFile;
import io.testbed.plugins.s3.local.LocalTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two listings and decides what a sync does: pure, no I/O. The two sorted listings are
 * merged (rclone's "march") into source-only (transfer), destination-only (delete with {@code
 * --delete}) and matches (transfer when they differ).
 *
 * <p>The guards are checked here, so a dry run refuses exactly where the real run would: {@code
 * delete} with a missing or empty source, and more deletes than {@code maxDelete}.
 */
public final class SyncPlanner {
  private SyncPlanner() {}

  /** Plans an upload of {@code local} to {@code remote}. */
  public static SyncPlan plan(LocalTree local, RemoteTree remote, SyncOptions options) {
    if (!local.exists() && !(options.delete() && options.forceEmptySource())) {
      throw new StorageException(
          "source directory "
              + local.root()
              + " does not exist"
              + (options.delete()
                  ? "; refusing to --delete everything under " + remote.location()
                      + " (pass --force-empty-source to really empty it)"
                  : "; check the path"));
    }
    List<Side> src = local.files().stream().map(Side::of).toList();
    List<Side> dst = remote.objects().stream().map(Side::of).toList();
    return march(
        SyncPlan.Direction.UPLOAD, local.root(), remote.location(), src, dst, options,
        local.warnings());
  }

  /** Plans a download of {@code remote} into {@code local}. */
  public static SyncPlan plan(RemoteTree remote, LocalTree local, SyncOptions options) {
    if (!remote.bucketExists()) {
      throw new StorageException(
          "bucket '" + remote.location().bucket() + "' does not exist; check the S3 location and"
              + " --endpoint-url");
    }
    List<Side> src = remote.objects().stream().map(Side::of).toList();
    List<Side> dst = local.files().stream().map(Side::of).toList();
    return march(
        SyncPlan.Direction.DOWNLOAD, local.root(), remote.location(), src, dst, options,
        local.warnings());
  }

  /** One side's view of a file: enough to compare. */
  record Side(String path, long size, long mtimeMillis, String md5, String etag, boolean remote) {
    static Side of(LocalFile f) {
      return new Side(f.path(), f.size(), f.mtimeMillis(), f.md5(), null, false);
    }

    static Side of(RemoteObject o) {
      return new Side(o.path(), o.size(), o.lastModifiedMillis(), o.storedMd5(), o.etag(), true);
    }

    /** The content MD5 when known: computed locally, stored in metadata, or a plain ETag. */
    String knownMd5() {
      if (md5 != null) {
        return md5;
      }
      return etag != null && RemoteObject.isPlainMd5(etag) ? etag : null;
    }
  }

  private static SyncPlan march(
      SyncPlan.Direction direction,
      java.nio.file.Path localRoot,
      S3Location remote,
      List<Side> src,
      List<Side> dst,
      SyncOptions options,
      List<String> warnings) {
    Filters.Matcher matcher = options.filters().matcher();
    List<SyncEntry> transfers = new ArrayList<>();
    List<SyncEntry> deletes = new ArrayList<>();
    List<SyncEntry> unchanged = new ArrayList<>();
    int sourceFiles = 0;
    int i = 0;
    int j = 0;
    while (i < src.size() || j < dst.size()) {
      int cmp =
          i >= src.size() ? 1 : j >= dst.size() ? -1 : src.get(i).path().compareTo(dst.get(j).path());
      if (cmp < 0) {
        Side s = src.get(i++);
        if (matcher.accepts(s.path())) {
          sourceFiles++;
          transfers.add(new SyncEntry(s.path(), s.size(), SyncEntry.Change.NEW, s.knownMd5()));
        }
      } else if (cmp > 0) {
        Side d = dst.get(j++);
        if (options.delete() && matcher.accepts(d.path())) {
          deletes.add(new SyncEntry(d.path(), d.size(), SyncEntry.Change.DELETE, null));
        }
      } else {
        Side s = src.get(i++);
        Side d = dst.get(j++);
        if (!matcher.accepts(s.path())) {
          continue;
        }
        sourceFiles++;
        boolean same = same(s, d, options.compare());
        transfers.add(
            new SyncEntry(
                s.path(),
                s.size(),
                same ? SyncEntry.Change.UNCHANGED : SyncEntry.Change.CHANGED,
                s.knownMd5()));
        if (same) {
          unchanged.add(transfers.remove(transfers.size() - 1));
        }
      }
    }
    String source = direction == SyncPlan.Direction.UPLOAD ? localRoot.toString() : remote.toString();
    String destination =
        direction == SyncPlan.Direction.UPLOAD ? remote.toString() : localRoot.toString();
    if (options.delete() && sourceFiles == 0 && !options.forceEmptySource() && !deletes.isEmpty()) {
      throw new StorageException(
          "source "
              + source
              + " has no files"
              + (options.filters().excludes().isEmpty() ? "" : " after excludes")
              + "; refusing to --delete all "
              + deletes.size()
              + " files under "
              + destination
              + " (pass --force-empty-source to really empty it)");
    }
    if (deletes.size() > options.maxDelete()) {
      throw new StorageException(
          "the sync would delete "
              + deletes.size()
              + " files under "
              + destination
              + ", more than --max-delete "
              + options.maxDelete()
              + "; nothing was changed. Check the source "
              + source
              + " (run with --dry-run to see the list), or raise --max-delete");
    }
    return new SyncPlan(direction, localRoot, remote, transfers, deletes, unchanged, warnings);
  }

  /** Whether source and destination hold the same content, by the chosen rule. */
  static boolean same(Side s, Side d, CompareMode compare) {
    if (s.size() != d.size()) {
      return false;
    }
    return switch (compare) {
      case SIZE -> true;
      // the destination is at least as new as the source (aws s3 sync's rule), to the second
      case SIZE_MTIME -> d.mtimeMillis() / 1000 >= s.mtimeMillis() / 1000;
      case CHECKSUM -> {
        String local = s.remote() ? d.md5() : s.md5();
        Side remote = s.remote() ? s : d;
        if (local == null) {
          yield false;
        }
        if (remote.etag() != null && remote.etag().equals(local)) {
          yield true;
        }
        yield local.equals(remote.md5());
      }
    };
  }
}
