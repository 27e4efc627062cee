package io.testbed.plugins.s3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

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
    List<RemoteObject> objects = new ArrayList<>();
    String prefix = location.prefix();
    String token = null;
    try {
      do {
        ListObjectsV2Request.Builder request =
            ListObjectsV2Request.builder().bucket(location.bucket()).maxKeys(1000);
        if (!prefix.isEmpty()) {
          request.prefix(prefix);
        }
        if (token != null) {
          request.continuationToken(token);
        }
        ListObjectsV2Response page = session.client().listObjectsV2(request.build()).join();
        for (S3Object o : page.contents()) {
          String key = o.key();
          if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            continue;
          }
          if (key.endsWith("/") && o.size() != null && o.size() == 0) {
            continue;
          }
          objects.add(
              new RemoteObject(
                  key.substring(prefix.length()),
                  o.size() == null ? 0 : o.size(),
                  o.lastModified() == null ? 0 : o.lastModified().toEpochMilli(),
                  o.eTag(),
                  null));
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (CompletionException e) {
      if ("NoSuchBucket".equals(Errors.code(e)) || (Errors.status(e) == 404 && token == null)) {
        return new RemoteTree(location, false, List.of());
      }
      throw Errors.translate(e, session, "listing " + location);
    }
    LOG.debug("listed {} objects under {}", objects.size(), location);
    return new RemoteTree(location, true, objects);
  }
}
