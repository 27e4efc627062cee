package io.testbed.plugins.cli;

import io.testbed.plugins.s3.local.HashCache;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --no-hash-cache}, shared by the commands that hash a plugin directory. */
public final class HashCacheOption {
  @Option(
      names = "--no-hash-cache",
      description =
          "Hash every file. By default a file's MD5 is kept in the user's cache"
              + " ($XDG_CACHE_HOME or ~/.cache) and reused while its size, mtime, ctime, inode"
              + " and device are unchanged.")
  boolean off;

  /** The cache directory, or null when turned off. */
  Path directory() {
    return off ? null : HashCache.defaultDirectory(S3ConnectionOptions.environment());
  }
}
