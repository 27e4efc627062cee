package io.testbed.plugins.s3;

import java.util.regex.Pattern;

/**
 * A bucket and a key prefix: {@code s3://bucket/prefix/}. The prefix is normalised to either empty
 * (the whole bucket) or a string ending in exactly one {@code /}, so that {@code plugins/builtins}
 * never matches {@code plugins/builtins-old/}.
 */
public record S3Location(String bucket, String prefix) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public S3Location {
    checkBucketName(bucket);
    prefix = normalisePrefix(prefix == null ? "" : prefix);
  }

  /**
   * Parses {@code s3://bucket}, {@code s3://bucket/prefix} (any number of trailing slashes) or a
   * bare bucket name ({@code s3-mb.sh}'s form).
   */
  public static S3Location parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new StorageException("missing S3 location: expected s3://BUCKET/PREFIX");
    }
    String rest = uri.strip();
    if (rest.regionMatches(true, 0, "s3://", 0, 5)) {
      rest = rest.substring(5);
    } else if (rest.contains("://")) {
      throw new StorageException(
          "'" + uri + "' is not an S3 location: expected s3://BUCKET/PREFIX");
    }
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    return new S3Location(bucket, prefix);
  }

  /** Whether {@code arg} looks like an S3 location rather than a local path. */
  public static boolean isS3Uri(String arg) {
    return arg != null && arg.regionMatches(true, 0, "s3://", 0, 5);
  }

  /** The key of a path relative to this location. */
  public String key(String relativePath) {
    return prefix + relativePath;
  }

  /** This location's bucket with a different prefix. */
  public S3Location withPrefix(String newPrefix) {
    return new S3Location(bucket, newPrefix);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }

  /**
   * Validates a bucket name against S3's rules (3-63 characters; lower-case letters, digits, dots
   * and hyphens; starts and ends with a letter or digit; no "..", not an IP address).
   */
  public static void checkBucketName(String bucket) {
    String problem = bucketNameProblem(bucket);
    if (problem != null) {
      throw new StorageException(
          "invalid bucket name '"
              + bucket
              + "': "
              + problem
              + "; bucket names are 3-63 characters of lower-case letters, digits, '.' and '-',"
              + " starting and ending with a letter or digit (e.g. s3://plugins)");
    }
  }

  private static String bucketNameProblem(String bucket) {
    if (bucket == null || bucket.isEmpty()) {
      return "it is empty";
    }
    if (bucket.length() < 3 || bucket.length() > 63) {
      return "it has " + bucket.length() + " characters";
    }
    if (!bucket.equals(bucket.toLowerCase(java.util.Locale.ROOT))) {
      return "it contains upper-case letters";
    }
    if (!BUCKET.matcher(bucket).matches()) {
      return "it contains characters other than a-z, 0-9, '.' and '-', or does not start and end"
          + " with a letter or digit";
    }
    if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
      return "it contains '..', '.-' or '-.'";
    }
    if (IP_ADDRESS.matcher(bucket).matches()) {
      return "it looks like an IP address";
    }
    if (bucket.startsWith("xn--") || bucket.startsWith("sthree-") || bucket.endsWith("-s3alias")
        || bucket.endsWith("--ol-s3")) {
      return "it uses a prefix or suffix that S3 reserves";
    }
    return null;
  }

  private static String normalisePrefix(String prefix) {
    String p = prefix;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.contains("//")) {
      p = p.replaceAll("/{2,}", "/");
    }
    return p.isEmpty() ? "" : p + "/";
  }
}
