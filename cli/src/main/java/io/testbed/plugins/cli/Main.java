package io.testbed.plugins.cli;

import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import java.util.List;
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

  /** The subcommands, in the order the help lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ConfigureCommand.class,
          StatusCommand.class,
          ComposeCommand.class,
          LintCommand.class,
          SyncCommand.class,
          MbCommand.class,
          GenerateCompletion.class);

  private Main() {}

  /** A ready command line: the same wiring the executable uses, so tests run what users run. */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command line with only the subcommand named {@code first} when there is one by that name
   * (picocli builds the model of every subcommand it is given, by reflection: a {@code sync} need
   * not pay for {@code configure}'s); with all of them otherwise (help, a typo, an @-file).
   */
  static CommandLine commandLine(String first) {
    CommandLine cmd = new CommandLine(new Main());
    boolean known = SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(first));
    for (Class<?> c : SUBCOMMANDS) {
      if (!known || name(c).equals(first)) {
        cmd.addSubcommand(c);
      }
    }
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(new UsageErrorHandler());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    CommandLine completion = cmd.getSubcommands().get("generate-completion");
    if (completion != null) {
      completion.getCommandSpec().usageMessage().hidden(false);
    }
    return cmd;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  public static void main(String[] args) {
    System.exit(commandLine(args.length > 0 ? args[0] : null).execute(args));
  }
}
