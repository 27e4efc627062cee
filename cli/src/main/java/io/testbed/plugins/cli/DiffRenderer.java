package io.testbed.plugins.cli;

/** Prints a unified diff, with ANSI colours on {@code +}, {@code -} and {@code @@} lines. */
public final class DiffRenderer {
  private static final String RED = "\u001B[31m";
  private static final String GREEN = "\u001B[32m";
  private static final String CYAN = "\u001B[36m";
  private static final String BOLD = "\u001B[1m";
  private static final String RESET = "\u001B[0m";

  private DiffRenderer() {}

  public static String render(String unifiedDiff, boolean color) {
    if (!color || unifiedDiff.isEmpty()) {
      return unifiedDiff;
    }
    StringBuilder sb = new StringBuilder();
    for (String line : unifiedDiff.split("\n", -1)) {
      if (line.startsWith("+++") || line.startsWith("---")) {
        sb.append(BOLD).append(line).append(RESET);
      } else if (line.startsWith("@@")) {
        sb.append(CYAN).append(line).append(RESET);
      } else if (line.startsWith("+")) {
        sb.append(GREEN).append(line).append(RESET);
      } else if (line.startsWith("-")) {
        sb.append(RED).append(line).append(RESET);
      } else {
        sb.append(line);
      }
      sb.append('\n');
    }
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }
}
