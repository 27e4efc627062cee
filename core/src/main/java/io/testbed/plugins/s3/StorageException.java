package io.testbed.plugins.s3;

import io.testbed.plugins.PluginsException;

/**
 * The S3 domain's one exception. The message says what went wrong, where (endpoint, bucket, key or
 * local path) and what to do about it. It never contains credentials.
 */
public class StorageException extends PluginsException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
