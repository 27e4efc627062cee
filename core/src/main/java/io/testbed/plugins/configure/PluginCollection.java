package io.testbed.plugins.configure;

import io.testbed.plugins.s3.S3Location;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One plugin collection: a local directory, the S3 location it is mirrored to, and the environment
 * variable that points the workers at it (e.g. {@code AI_PLUGINS_S3_URI}).
 */
public record PluginCollection(Path directory, S3Location location, String variable) {
  /** The variable older Testbed releases read. Newer (Dioptra) releases read {@code DIOPTRA_PLUGINS_S3_URI}. */
  public static final String DEFAULT_VARIABLE = "AI_PLUGINS_S3_URI";

  public PluginCollection {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(variable, "variable");
  }

  /**
   * The value workers get: {@code s3://bucket/prefix}, without a trailing slash, as the Testbed
   * documentation writes it.
   */
  public String uri() {
    String prefix = location.prefix();
    return "s3://" + location.bucket() + "/" + (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
  }
}
