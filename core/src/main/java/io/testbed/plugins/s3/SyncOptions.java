package io.testbed.plugins.s3;

import io.testbed.plugins.s3.local.Filters;
import io.testbed.plugins.s3.local.HashCache;

/**
 * What a sync does beyond copying new and changed files.
 *
 * @param delete delete destination files that the source does not have
 * @param compare how files present on both sides are compared
 * @param maxDelete refuse the plan when it would delete more files than this
 * @param forceEmptySource allow {@code delete} with a missing or empty source (deletes everything)
 * @param filters which relative paths take part (on both sides)
 * @param hashCache the directory of the local files' hash cache ({@link HashCache}), or {@code
 *     null} to hash every file every time
 */
public record SyncOptions(
    boolean delete,
    CompareMode compare,
    int maxDelete,
    boolean forceEmptySource,
    Filters filters,
    java.nio.file.Path hashCache) {
  public static final int NO_LIMIT = Integer.MAX_VALUE;

  public SyncOptions {
    if (compare == null || filters == null) {
      throw new IllegalArgumentException("compare and filters are required");
    }
    if (maxDelete < 0) {
      throw new StorageException("--max-delete must be 0 or more, got " + maxDelete);
    }
  }

  public static SyncOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: no delete, checksum compare, no delete limit, default excludes, no hash cache. */
  public static final class Builder {
    private boolean delete;
    private CompareMode compare = CompareMode.CHECKSUM;
    private int maxDelete = NO_LIMIT;
    private boolean forceEmptySource;
    private Filters filters = Filters.defaults();
    private java.nio.file.Path hashCache;

    private Builder() {}

    public Builder delete(boolean delete) {
      this.delete = delete;
      return this;
    }

    public Builder compare(CompareMode compare) {
      this.compare = compare;
      return this;
    }

    public Builder maxDelete(int maxDelete) {
      this.maxDelete = maxDelete;
      return this;
    }

    public Builder forceEmptySource(boolean forceEmptySource) {
      this.forceEmptySource = forceEmptySource;
      return this;
    }

    public Builder filters(Filters filters) {
      this.filters = filters;
      return this;
    }

    /**
     * Keeps the local files' MD5s in {@code directory} between runs (see {@link HashCache}; {@link
     * HashCache#defaultDirectory} is the user's cache); {@code null} turns the cache off.
     */
    public Builder hashCache(java.nio.file.Path directory) {
      this.hashCache = directory;
      return this;
    }

    public SyncOptions build() {
      return new SyncOptions(delete, compare, maxDelete, forceEmptySource, filters, hashCache);
    }
  }
}
