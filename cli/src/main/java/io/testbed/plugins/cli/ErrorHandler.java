package io.testbed.plugins.cli;

import io.testbed.plugins.PluginsException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps every exception to an exit code and a message. Users see the message only; the stack trace
 * appears with {@code --stacktrace} or {@code -v}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    String command = cmd.getCommandSpec().qualifiedName();
    if (ex instanceof PluginsException) {
      err.println(command + ": " + ex.getMessage());
    } else {
      err.println(
          command
              + ": internal error: "
              + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage())
              + "\n  This is a bug in testbed-plugins; re-run with --stacktrace and report it.");
    }
    if (wantsStackTrace(cmd)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCode.FAILURE;
  }

  private static boolean wantsStackTrace(CommandLine cmd) {
    CommandLine root = cmd;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    for (ParseResult pr = root.getParseResult(); pr != null; pr = pr.subcommand()) {
      if (pr.hasMatchedOption("--stacktrace") || pr.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
