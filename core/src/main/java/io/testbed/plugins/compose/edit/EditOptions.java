package io.testbed.plugins.compose.edit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link ProjectEdit} writes the workers' variables.
 *
 * @param target which definition to edit when the base (and its env files) are edited
 * @param overrideFile write into this override file instead, leaving the base and env files alone
 */
public record EditOptions(Target target, Optional<Path> overrideFile) {

  /** Which definition of a variable to edit. */
  public enum Target {
    /**
     * The env file that defines it, when a worker's env file defines it and its {@code
     * environment:} does not; else {@code environment:}.
     */
    AUTO,
    /** Always the worker's {@code environment:} (which wins over its env files). */
    ENVIRONMENT,
    /** The env file that defines it, else the worker's last env file (appended). */
    ENV_FILE
  }

  /** The default: {@link Target#AUTO}, no override file. */
  public static final EditOptions DEFAULT = new EditOptions(Target.AUTO, Optional.empty());

  public EditOptions {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(overrideFile, "overrideFile");
  }
}
