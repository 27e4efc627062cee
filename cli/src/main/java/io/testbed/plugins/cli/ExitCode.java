package io.testbed.plugins.cli;

/** The process exit codes, as listed in every command's help. */
public final class ExitCode {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  /** Changes pending ({@code --check}) or drift ({@code status}). */
  public static final int PENDING = 3;

  private ExitCode() {}
}
