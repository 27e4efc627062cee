package io.testbed.plugins.s3;

import java.util.Locale;
import java.util.Map;

/** Content-Type by file extension: a fixed table, no probing. */
final class ContentTypes {
  static final String DEFAULT = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("py", "text/x-python"),
          Map.entry("pyi", "text/x-python"),
          Map.entry("txt", "text/plain"),
          Map.entry("cfg", "text/plain"),
          Map.entry("ini", "text/plain"),
          Map.entry("md", "text/markdown"),
          Map.entry("rst", "text/x-rst"),
          Map.entry("csv", "text/csv"),
          Map.entry("html", "text/html"),
          Map.entry("css", "text/css"),
          Map.entry("js", "text/javascript"),
          Map.entry("sh", "text/x-shellscript"),
          Map.entry("json", "application/json"),
          Map.entry("yaml", "application/yaml"),
          Map.entry("yml", "application/yaml"),
          Map.entry("toml", "application/toml"),
          Map.entry("xml", "application/xml"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("zip", "application/zip"),
          Map.entry("gz", "application/gzip"),
          Map.entry("tar", "application/x-tar"),
          Map.entry("whl", "application/zip"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("svg", "image/svg+xml"));

  private ContentTypes() {}

  static String of(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot <= slash + 1) {
      return DEFAULT;
    }
    return BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
  }
}
