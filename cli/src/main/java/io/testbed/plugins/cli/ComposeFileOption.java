package io.testbed.plugins.cli;

import io.testbed.plugins.compose.ComposeFile;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --compose FILE}. Without it, the file is found as {@code docker compose} finds it: the
 * first entry of COMPOSE_FILE, else compose.yaml, compose.yml, docker-compose.yaml or
 * docker-compose.yml in the current directory.
 */
public final class ComposeFileOption {

  @Option(
      names = "--compose",
      paramLabel = "FILE",
      description = {
        "The compose file to read and edit. Default: the first entry of COMPOSE_FILE, else the"
            + " first of compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml in"
            + " the current directory."
      })
  Path file;

  /** The compose file to use, from the option or found in the current directory. */
  public Path resolve() {
    return resolve(Path.of("").toAbsolutePath(), System.getenv());
  }

  /** As {@link #resolve()}, with the directory and environment given (for tests). */
  public Path resolve(Path cwd, Map<String, String> env) {
    return file != null ? file : ComposeFile.discover(cwd, env);
  }
}
