package io.testbed.plugins.cli;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.edit.EditOptions.Target;
import io.testbed.plugins.compose.edit.EditOptions;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --target} and {@code --override-file}: where the workers' variables are written. */
public final class EditTargetOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--target",
      paramLabel = "WHERE",
      defaultValue = "auto",
      description =
          "Where a variable is written: auto (the worker's env file when it defines the variable"
              + " and environment: does not, else environment:), environment, or env-file (the"
              + " env file that defines it, else the worker's last env file). Default: auto.")
  String target;

  @Option(
      names = "--override-file",
      paramLabel = "PATH",
      arity = "0..1",
      fallbackValue = "",
      description =
          "Leave the compose file and env files alone: write the variables into an override"
              + " file that docker compose merges (default: the existing override file beside the"
              + " compose file, else docker-compose.override.yml or the matching"
              + " compose.override.yaml). Created with a header when missing.")
  String overrideFile;

  /** The options, for a project whose base compose file is {@code base}. */
  EditOptions options(Path base) {
    Target t = switch (target.toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> Target.AUTO;
      case "environment" -> Target.ENVIRONMENT;
      case "env-file", "env_file" -> Target.ENV_FILE;
      default -> throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--target': '" + target
              + "' (expected auto, environment or env-file)");
    };
    if (overrideFile != null && t == Target.ENV_FILE) {
      throw new ParameterException(spec.commandLine(),
          "--override-file writes into the override file's environment:; it cannot be combined"
              + " with --target env-file");
    }
    Optional<Path> override = overrideFile == null ? Optional.empty()
        : Optional.of(overrideFile.isEmpty() ? ComposeProject.defaultOverride(base)
            : Path.of(overrideFile));
    return new EditOptions(t, override);
  }
}
