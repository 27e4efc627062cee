package io.testbed.plugins.cli;

import picocli.CommandLine.Command;

/** {@code compose}: inspect and edit the deployment's compose file. Needs a subcommand. */
@Command(
    name = "compose",
    mixinStandardHelpOptions = true,
    description = "Inspect and edit the worker services of the deployment's docker-compose file.",
    subcommands = {ComposeWorkersCommand.class, ComposeSetEnvCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done, or nothing to change",
      "  1  error (the message says what and where)",
      "  2  usage error",
      "  3  changes pending (--check)"
    })
final class ComposeCommand {}
