package io.testbed.plugins.s3.watch;

import io.testbed.plugins.s3.LocalFile;
import io.testbed.plugins.s3.LocalTree;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.Sync;
import io.testbed.plugins.s3.SyncOptions;
import io.testbed.plugins.s3.SyncPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Plans a batch: the same planner as a whole sync, restricted to the changed paths. Each path is
 * scanned as a full scan would see it (a file, a directory with everything beneath it, or nothing
 * when it is gone) and compared with the objects at it or beneath it in the {@link RemoteIndex}.
 */
final class BatchPlanner {
  private BatchPlanner() {}

  /** The paths without those beneath another one of them ("" is the root: everything). */
  static List<String> topmost(Collection<String> paths) {
    List<String> out = new ArrayList<>();
    for (String p : new TreeSet<>(paths)) {
      if (out.contains("")) {
        break;
      }
      boolean covered = false;
      for (String q : out) {
        if (p.startsWith(q + "/")) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * The plan for the changed {@code paths}. The source's emptiness is the caller's to check, so
   * the planner's own guard for it is off: a batch may rightly delete every object it covers. The
   * hash cache is left out: a file that just changed is never a hit (its ctime moved, and an entry
   * recorded this close to the change would not be trusted later either), so reading and writing
   * the cache file would only add to every batch's latency.
   */
  static SyncPlan plan(
      S3Session session, Path root, RemoteIndex index, Collection<String> paths, SyncOptions options) {
    List<String> top = topmost(paths);
    List<LocalFile> files = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String p : top) {
      LocalTree part = LocalTree.scan(root, options.filters(), p);
      files.addAll(part.files());
      warnings.addAll(part.warnings());
    }
    SyncOptions partial =
        new SyncOptions(options.delete(), options.compare(), options.maxDelete(), true,
            options.filters(), null);
    LocalTree local = new LocalTree(root.toAbsolutePath().normalize(), true, files, warnings);
    return Sync.plan(session, local, index.under(top), partial);
  }
}
