package io.testbed.plugins.s3.watch;

import io.testbed.plugins.s3.RemoteObject;
import io.testbed.plugins.s3.RemoteTree;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.SyncEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The objects under the watched location as this process last knew them: a full listing, then
 * updated by every upload and delete (from the executor's threads). A batch is planned against it,
 * so it costs only the requests of the changed files.
 */
final class RemoteIndex {
  private final S3Location location;
  private final NavigableMap<String, RemoteObject> objects = new ConcurrentSkipListMap<>();

  RemoteIndex(S3Location location) {
    this.location = location;
  }

  /** Replaces everything with a fresh listing. */
  synchronized void reset(RemoteTree listing) {
    objects.clear();
    listing.objects().forEach(o -> objects.put(o.path(), o));
  }

  int size() {
    return objects.size();
  }

  /** The whole index as a tree. */
  RemoteTree all() {
    return new RemoteTree(location, true, new ArrayList<>(objects.values()));
  }

  /** The objects at the given paths or beneath them (a path may name a former directory). */
  RemoteTree under(Collection<String> paths) {
    List<RemoteObject> out = new ArrayList<>();
    for (String p : paths) {
      if (p.isEmpty()) {
        return all();
      }
      RemoteObject exact = objects.get(p);
      if (exact != null) {
        out.add(exact);
      }
      // "p/" up to "p0": the keys beneath p ('0' follows '/')
      out.addAll(objects.subMap(p + "/", true, p + "0", false).values());
    }
    return new RemoteTree(location, true, out);
  }

  /** An upload succeeded: the object now holds the entry's content. */
  void uploaded(SyncEntry entry, boolean multipart) {
    String md5 = entry.md5();
    String etag = md5 == null || multipart ? "" : md5;
    objects.put(
        entry.path(),
        new RemoteObject(entry.path(), entry.size(), System.currentTimeMillis(), etag, md5));
  }

  void deleted(SyncEntry entry) {
    objects.remove(entry.path());
  }

  /** An upload whose outcome is unknown: forget the object, so the next plan sends it again. */
  void unknown(SyncEntry entry) {
    objects.remove(entry.path());
  }
}
