package io.testbed.plugins.compose.lint;

import io.testbed.plugins.compose.Place;
import java.util.Objects;

/**
 * One problem {@link Lint} found: how bad it is, where ({@code file:line:col} and the source
 * line), what is wrong and how to fix it.
 *
 * @param severity an error breaks the deployment; a warning probably does
 * @param check the check's name, e.g. {@code undeclared-volume}
 * @param place where the problem is written
 * @param line the source line at {@code place} (empty when unknown)
 * @param message what is wrong
 * @param fix what to do about it
 * @param service the service it concerns, or null
 * @param variable the environment variable it concerns, or null
 */
public record Finding(
    Severity severity, String check, Place place, String line, String message, String fix,
    String service, String variable) {

  /** How bad a finding is. */
  public enum Severity {
    /** docker compose refuses the project, or a worker cannot fetch its plugins. */
    ERROR,
    /** Probably a mistake: compose accepts it, but the result is likely not what was meant. */
    WARNING
  }

  /** The checks that concern plugins: workers that cannot fetch them, and their variables. */
  public static final java.util.Set<String> PLUGIN_CHECKS = java.util.Set.of(
      Lint.PLUGIN_VARIABLE, Lint.PLUGIN_URI, Lint.S3_ENDPOINT, Lint.S3_CREDENTIALS,
      Lint.VARIABLE_TYPO);

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }

  /** Whether the finding concerns the plugins (a worker that cannot fetch them, their variables). */
  public boolean concernsPlugins() {
    return PLUGIN_CHECKS.contains(check);
  }
}
