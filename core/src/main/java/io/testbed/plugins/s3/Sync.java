package io.testbed.plugins.s3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * One-call planning: list both sides (in parallel), hash what must be compared, then {@link
 * SyncPlanner#plan}. Apply the result with {@link SyncExecutor#apply}.
 *
 * <pre>{@code
 * SyncPlan plan = Sync.plan(session, Path.of("plugins"), S3Location.parse("s3://plugins/builtins"),
 *     SyncOptions.builder().delete(true).build());
 * SyncResult result = SyncExecutor.apply(session, plan, SyncListener.NONE);
 * }</pre>
 */
public final class Sync {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sync.class);
  static final int HASH_THREADS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));

  private Sync() {}

  /** Plans an upload of {@code source} to {@code destination}. */
  public static SyncPlan plan(
      S3Session session, Path source, S3Location destination, SyncOptions options) {
    // the SDK client is made while the directory is scanned (see S3Session); the listing starts
    // after the scan, split into key ranges by the local paths, and runs while files are hashed
    long start = System.nanoTime();
    LocalTree local = LocalTree.scan(source, options.filters());
    long walked = System.nanoTime();
    List<String> hints = local.files().stream().map(LocalFile::path).toList();
    CompletableFuture<RemoteTree> remote =
        CompletableFuture.supplyAsync(
            () -> RemoteTree.list(session, destination, hints), Parallel.background());
    try {
      if (options.compare() == CompareMode.CHECKSUM) {
        local = withMd5(local, f -> true, options.hashCache());
      }
    } catch (RuntimeException e) {
      remote.cancel(true);
      throw e;
    }
    long hashed = System.nanoTime();
    RemoteTree remoteTree = join(remote);
    long listed = System.nanoTime();
    if (options.compare() == CompareMode.CHECKSUM) {
      remoteTree = withStoredMd5(session, remoteTree, local);
    }
    SyncPlan plan = SyncPlanner.plan(local, remoteTree, options);
    LOG.debug(
        "planned {} -> {}: {} local files walked in {} ms and hashed in {} ms, {} objects listed"
            + " (waited {} ms more), compared in {} ms: {} transfers, {} deletes, {} unchanged",
        source, destination, local.files().size(), (walked - start) / 1_000_000,
        (hashed - walked) / 1_000_000, remoteTree.objects().size(), (listed - hashed) / 1_000_000,
        (System.nanoTime() - listed) / 1_000_000, plan.transfers().size(), plan.deletes().size(),
        plan.unchanged().size());
    return plan;
  }

  /**
   * Plans an upload of trees already read: the local files under some paths (a whole {@link
   * LocalTree#scan}, or the {@link LocalTree#scan(Path, Filters, String) parts} that changed) and
   * the objects known at the same paths. Files the source no longer has when they are hashed are
   * left out, so their objects are deleted (with {@code delete}); the hash cache keeps the entries
   * of the files not in {@code local}.
   */
  public static SyncPlan plan(
      S3Session session, LocalTree local, RemoteTree remote, SyncOptions options) {
    LocalTree hashed = local;
    if (options.compare() == CompareMode.CHECKSUM && !local.files().isEmpty()) {
      HashCache cache = HashCache.open(options.hashCache(), local.root());
      List<LocalFile> out =
          Parallel.map(local.files(), HASH_THREADS, "hashing", f -> md5OrGone(cache, local, f));
      cache.savePart();
      hashed = new LocalTree(local.root(), true, out.stream().filter(f -> f != null).toList(), local.warnings());
    }
    RemoteTree checked =
        options.compare() == CompareMode.CHECKSUM ? withStoredMd5(session, remote, hashed) : remote;
    return SyncPlanner.plan(hashed, checked, options);
  }

  private static LocalFile md5OrGone(HashCache cache, LocalTree tree, LocalFile f) {
    try {
      return f.withMd5(cache.md5(tree.root(), f.path()));
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StorageException("cannot read " + tree.root().resolve(f.path()) + ": " + e, e);
    }
  }

  /** Plans a download of {@code source} into the directory {@code destination}. */
  public static SyncPlan plan(
      S3Session session, S3Location source, Path destination, SyncOptions options) {
    RemoteTree remote = RemoteTree.list(session, source);
    checkKeys(remote);
    LocalTree local = LocalTree.scan(destination, options.filters());
    if (options.compare() == CompareMode.CHECKSUM) {
      java.util.Map<String, Long> sizes = new java.util.HashMap<>();
      remote.objects().forEach(o -> sizes.put(o.path(), o.size()));
      local = withMd5(local, f -> sizes.getOrDefault(f.path(), -1L) == f.size(), options.hashCache());
      remote = withStoredMd5(session, remote, local);
    }
    return SyncPlanner.plan(remote, local, options);
  }

  /** Refuses keys that would land outside the destination directory. */
  static void checkKeys(RemoteTree remote) {
    List<String> problems = new ArrayList<>();
    for (RemoteObject o : remote.objects()) {
      String problem = KeySafety.problem(o.path());
      if (problem != null) {
        problems.add(remote.location().key(o.path()) + " " + problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new StorageException(
          "refusing to download from "
              + remote.location()
              + ": "
              + problems.size()
              + " key(s) cannot be written safely under the destination: "
              + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
              + (problems.size() > 5 ? "; ..." : "")
              + ". Rename or delete these objects; nothing was written");
    }
  }

  private static RemoteTree join(CompletableFuture<RemoteTree> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /**
   * Computes the MD5 of the selected local files, in parallel, streaming; with a hash cache
   * directory, only of the files the cache cannot vouch for.
   */
  static LocalTree withMd5(
      LocalTree tree, java.util.function.Predicate<LocalFile> select, Path cacheDirectory) {
    List<LocalFile> files = tree.files();
    if (files.isEmpty()) {
      return tree;
    }
    HashCache cache = HashCache.open(cacheDirectory, tree.root());
    try {
      List<LocalFile> out =
          Parallel.map(
              files,
              HASH_THREADS,
              "hashing",
              f -> select.test(f) ? f.withMd5(cache.md5(tree.root(), f.path())) : f);
      cache.save();
      LOG.debug("hashed {} files under {}, {} from the cache", cache.hashed(), tree.root(), cache.hits());
      return new LocalTree(tree.root(), tree.exists(), out, tree.warnings());
    } catch (IOException e) {
      throw new StorageException(
          "cannot read a file under " + tree.root() + ": " + e + "; check its permissions", e);
    }
  }

  /**
   * Reads the stored MD5 (HeadObject) of the objects whose ETag cannot settle the comparison: same
   * size as the local file, and an ETag that is not the local MD5 (multipart or KMS ETags).
   */
  static RemoteTree withStoredMd5(S3Session session, RemoteTree remote, LocalTree local) {
    java.util.Map<String, LocalFile> byPath = new java.util.HashMap<>();
    local.files().forEach(f -> byPath.put(f.path(), f));
    List<RemoteObject> out;
    try {
      out =
          Parallel.map(
              remote.objects(),
              session.settings().concurrency(),
              "checking",
              o -> {
                LocalFile f = byPath.get(o.path());
                if (f == null || f.md5() == null || f.size() != o.size() || o.etag().equals(f.md5())) {
                  return o;
                }
                HeadObjectResponse head =
                    session.client().headObject(b -> b.bucket(remote.location().bucket())
                        .key(remote.location().key(o.path())));
                return o.withStoredMd5(head.metadata().get(SyncExecutor.MD5_METADATA));
              });
    } catch (SdkException e) {
      throw Errors.translate(e, session, "reading the stored checksum of an object under "
          + remote.location());
    }
    return new RemoteTree(remote.location(), remote.bucketExists(), out);
  }
}
