package io.testbed.plugins.s3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The objects under an S3 prefix, sorted by relative path. Only keys under {@code prefix/} are
 * listed: {@code s3://b/plugins/builtins} never sees {@code plugins/builtins-old/}.
 *
 * @param location the bucket and prefix
 * @param bucketExists false when the bucket does not exist (then {@code objects} is empty)
 * @param objects the objects, paths relative to the prefix
 */
public record RemoteTree(S3Location location, boolean bucketExists, List<RemoteObject> objects) {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteTree.class);

  public RemoteTree {
    objects = objects.stream().sorted(Comparator.comparing(RemoteObject::path)).toList();
  }

  /** A tree built in memory (planner tests). */
  public static RemoteTree of(S3Location location, List<RemoteObject> objects) {
    LOG.debug("listed {} objects under {}", objects.size(), location);
    return new RemoteTree(location, true, objects);
  }

  public long totalBytes() {
    return objects.stream().mapToLong(RemoteObject::size).sum();
  }

  /**
   * Lists every object under the location's prefix. A missing bucket lists as empty (with {@code
   * bucketExists} false), so a dry run can plan against a bucket that is still to be created.
   * Directory markers (empty keys ending in {@code /}) are left out.
   */
  public static RemoteTree list(S3Session session, S3Location location) {
    return list(session, location, List.of());
  }

  /** Objects per ListObjectsV2 page, and the smallest key range listed on its own. */
  static final int PAGE = 1000;

  static final int MAX_RANGES = 16;

  /**
   * Lists the location, splitting the key space into ranges listed in parallel when {@code hints}
   * (the sorted relative paths expected to be there, e.g. the local files) are many. The result
   * does not depend on the hints, only the speed.
   */
  static RemoteTree list(S3Session session, S3Location location, List<String> hints) {
    List<String> bounds = bounds(location, hints);
    if (bounds.isEmpty()) {
      return listRange(session, location, null, null);
    }
    List<String[]> ranges = new ArrayList<>();
    for (int i = 0; i <= bounds.size(); i++) {
      ranges.add(
          new String[] {i == 0 ? null : bounds.get(i - 1), i == bounds.size() ? null : bounds.get(i)});
    }
    List<RemoteTree> parts =
        Parallel.map(ranges, ranges.size(), "listing", r -> listRange(session, location, r[0], r[1]));
    List<RemoteObject> objects = new ArrayList<>();
    boolean exists = true;
    for (RemoteTree t : parts) {
      exists &= t.bucketExists();
      objects.addAll(t.objects());
    }
    return new RemoteTree(location, exists, exists ? objects : List.of());
  }

  /** Every PAGE-th hint as a full key, in S3's (UTF-8 byte) order. */
  static List<String> bounds(S3Location location, List<String> hints) {
    if (hints.size() < 2 * PAGE) {
      return List.of();
    }
    // ranges of 900 expected keys fit one page even with some keys only the remote side has
    int step = Math.max(PAGE * 9 / 10, hints.size() / MAX_RANGES + 1);
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(RemoteTree::compareUtf8);
    for (int i = step - 1; i < hints.size() - 1; i += step) {
      keys.add(location.key(hints.get(i)));
    }
    return List.copyOf(keys);
  }

  /** S3 lists keys in UTF-8 byte order, which differs from String order above U+FFFF. */
  static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The objects with {@code after < key <= last} (null: unbounded), in S3 order. */
  private static RemoteTree listRange(
      S3Session session, S3Location location, String after, String last) {
    List<RemoteObject> objects = new ArrayList<>();
    String prefix = location.prefix();
    String token = null;
    try {
      pages:
      do {
        ObjectListing.Page page =
            session.listing().page(location.bucket(), prefix, token, token == null ? after : null, PAGE);
        for (ObjectListing.Entry o : page.contents()) {
          String key = o.key();
          int cmp = last == null ? -1 : compareUtf8(key, last);
          if (cmp > 0) {
            break pages;
          }
          if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            continue;
          }
          if (key.endsWith("/") && o.size() == 0) {
            continue;
          }
          objects.add(
              new RemoteObject(
                  key.substring(prefix.length()), o.size(), o.lastModifiedMillis(), o.etag(), null));
          if (cmp == 0) {
            break pages; // the range's last key: no need for another page
          }
        }
        token = page.nextToken();
      } while (token != null);
    } catch (SdkException e) {
      if ("NoSuchBucket".equals(Errors.code(e)) || (Errors.status(e) == 404 && token == null)) {
        return new RemoteTree(location, false, List.of());
      }
      throw Errors.translate(e, session, "listing " + location);
    }
    LOG.debug("listed {} objects under {} in ({}, {}]", objects.size(), location, after, last);
    return new RemoteTree(location, true, objects);
  }
}
