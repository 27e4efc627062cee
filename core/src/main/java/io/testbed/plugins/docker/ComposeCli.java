package io.testbed.plugins.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compose CLI installed here: {@code docker compose} (v2, a plugin of the docker CLI), else
 * {@code docker-compose} (v1), else none (commands are then shown in the v2 form).
 *
 * @param name how the command is written for people ({@code docker compose} or {@code
 *     docker-compose})
 * @param executable the program and leading arguments to run it; empty when none is installed
 */
public record ComposeCli(List<String> name, List<String> executable) {
  /** How long {@code docker compose version} may take to say whether the plugin is there. */
  static final Duration PROBE = Duration.ofSeconds(5);

  public ComposeCli {
    name = List.copyOf(name);
    executable = List.copyOf(executable);
  }

  /** The compose CLI on the {@code PATH} of {@code env}. */
  public static ComposeCli locate(Map<String, String> env) {
    return locate(new ExternalCommand(env));
  }

  static ComposeCli locate(ExternalCommand commands) {
    Optional<Path> docker = commands.find("docker");
    if (docker.isPresent()
        && commands.run(List.of(docker.get().toString(), "compose", "version"), PROBE).ok()) {
      return new ComposeCli(List.of("docker", "compose"),
          List.of(docker.get().toString(), "compose"));
    }
    return commands.find("docker-compose")
        .map(p -> new ComposeCli(List.of("docker-compose"), List.of(p.toString())))
        .orElse(new ComposeCli(List.of("docker", "compose"), List.of()));
  }

  /** Whether a compose CLI is installed. */
  public boolean installed() {
    return !executable.isEmpty();
  }

  /** {@code docker compose} or {@code docker-compose}. */
  public String display() {
    return String.join(" ", name);
  }
}
