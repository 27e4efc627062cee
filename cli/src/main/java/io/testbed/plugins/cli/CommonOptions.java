package io.testbed.plugins.cli;

import picocli.CommandLine.Option;

/**
 * Options every subcommand has: verbosity, stack traces and colour. Verbosity configures the SLF4J
 * binding (slf4j-simple) while options are parsed, before any logger exists.
 */
public final class CommonOptions {

  /** When to colour output. */
  public enum Color {
    auto,
    always,
    never
  }

  private int verbosity;

  @Option(
      names = "--stacktrace",
      description = "Print the stack trace of an error (for bug reports).")
  boolean stacktrace;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description = "Colour diffs and marks: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). NO_COLOR is honoured.")
  Color color = Color.auto;

  @Option(
      names = {"-v", "--verbose"},
      description = "Say what is done, per file and per request (-vv: also the S3 SDK's debug log). Never prints credentials.")
  void verbose(boolean[] flags) {
    verbosity = flags.length;
    System.setProperty("org.slf4j.simpleLogger.log.io.testbed.plugins", "debug");
    if (verbosity >= 2) {
      System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk.request", "debug");
    }
  }

  static {
    // Quiet by default: libraries only speak up on warnings. -v lowers this per logger.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "false");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
  }

  public int verbosity() {
    return verbosity;
  }

  public boolean verbose() {
    return verbosity > 0;
  }

  /** Whether to emit ANSI colour on the given stream kind. */
  public boolean colorEnabled() {
    return switch (color) {
      case always -> true;
      case never -> false;
      case auto -> System.console() != null
          && System.getenv("NO_COLOR") == null
          && !"dumb".equals(System.getenv("TERM"));
    };
  }
}
