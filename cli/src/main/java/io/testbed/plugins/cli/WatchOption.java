package io.testbed.plugins.cli;

import io.testbed.plugins.s3.watch.WatchOptions;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --watch} and {@code --rescan}, shared by {@code sync} and {@code configure}. */
public final class WatchOption {
  @Option(
      names = "--watch",
      description = "After the sync, keep watching the source and send each change as it happens"
          + " (until Ctrl-C or SIGTERM). One line per batch; --json: one JSON object per line.")
  boolean watch;

  @Option(
      names = "--rescan",
      paramLabel = "DURATION",
      description = "With --watch, re-plan everything against a fresh listing this often, to catch"
          + " what events missed (default: 5m; e.g. 30s, 10m, 1h).")
  String rescan;

  boolean enabled() {
    return watch;
  }

  /** The options, or null with a usage message in {@code problem[0]}. */
  WatchOptions options(String[] problem) {
    if (rescan != null && !watch) {
      problem[0] = "--rescan needs --watch";
      return null;
    }
    Duration interval = rescan == null ? WatchOptions.DEFAULT_RESCAN : parse(rescan);
    if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
      problem[0] = "invalid --rescan '" + rescan + "': expected a duration of 1s or more, such as"
          + " 30s, 5m or 1h";
      return null;
    }
    return WatchOptions.defaults().withRescan(interval);
  }

  /** {@code 300}, {@code 300s}, {@code 5m}, {@code 1h}, {@code 500ms}; null when invalid. */
  static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)?").matcher(t);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
