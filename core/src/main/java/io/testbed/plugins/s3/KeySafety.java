package io.testbed.plugins.s3;

import java.nio.charset.StandardCharsets;

/** Whether an object's relative key can become a file under the download root. */
final class KeySafety {
  static final int MAX_SEGMENT_BYTES = 255;
  static final int MAX_PATH_CHARS = 1024;

  private KeySafety() {}

  /** Why the relative key is unsafe as a local path, or {@code null} when it is safe. */
  static String problem(String path) {
    if (path.indexOf('\0') >= 0) {
      return "contains a NUL character";
    }
    if (path.indexOf('\\') >= 0) {
      return "contains a backslash";
    }
    if (path.startsWith("/")) {
      return "is an absolute path";
    }
    if (path.length() > 1 && path.charAt(1) == ':') {
      return "starts with a drive letter";
    }
    if (path.length() > MAX_PATH_CHARS) {
      return "is longer than " + MAX_PATH_CHARS + " characters";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return "contains '..' and would escape the destination";
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return "contains an empty or '.' path segment";
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        return "has a name longer than " + MAX_SEGMENT_BYTES + " bytes";
      }
    }
    return null;
  }
}
