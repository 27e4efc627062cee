package io.testbed.plugins.s3.local;

import io.testbed.plugins.PluginsException;

/**
 * A local tree that cannot be read: the root is a file, or a directory is unreadable. The message
 * says what, which path, and what to do. {@code s3} rethrows it from its own calls as a {@code
 * StorageException} with the same message, so its callers see S3's one exception as before.
 */
public class LocalException extends PluginsException {
  private static final long serialVersionUID = 1L;

  public LocalException(String message) {
    super(message);
  }

  public LocalException(String message, Throwable cause) {
    super(message, cause);
  }
}
