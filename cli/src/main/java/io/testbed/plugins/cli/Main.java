package io.testbed.plugins.cli;

import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code testbed-plugins} root command. Not runnable by itself: a subcommand is required. */
@Command(
    name = "testbed-plugins",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Manage the task plugins of an AI Testbed (Dioptra) deployment:",
      "create the plugins bucket, sync a plugin directory into it exactly,",
      "and point every worker service in docker-compose.yml at it."
    },
    subcommands = {
      ConfigureCommand.class,
      StatusCommand.class,
      ComposeCommand.class,
      LintCommand.class,
      SyncCommand.class,
      MbCommand.class,
      GenerateCompletion.class,
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done, or nothing to change",
      "  1  error (the message says what and where)",
      "  2  usage error",
      "  3  changes pending or drift (--check, status)",
      "",
      "Arguments may be read from a file: testbed-plugins @args.txt"
    })
public final class Main {

  private Main() {}

  /** A ready command line: the same wiring the executable uses, so tests run what users run. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(new UsageErrorHandler());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    cmd.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    return cmd;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
