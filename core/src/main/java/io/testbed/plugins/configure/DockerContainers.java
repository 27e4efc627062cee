package io.testbed.plugins.configure;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A running container's address, read with the {@code docker} CLI ({@code docker ps} to find a
 * compose service's container by its labels, {@code docker inspect} for its addresses). Used only
 * when a compose service publishes no port: on Linux the host reaches a container on a bridge
 * network at its address there.
 */
final class DockerContainers {

  /** Runs {@code docker ARGS...}: its standard output, or empty when it fails. */
  @FunctionalInterface
  interface Runner {
    Optional<String> run(List<String> args);
  }

  /** A container's address on one network. */
  record Address(String container, String network, String ip) {}

  private final Runner docker;

  DockerContainers(Runner docker) {
    this.docker = docker;
  }

  /** The {@code docker} CLI on {@code PATH}, if there is one. */
  static Optional<DockerContainers> onPath(Map<String, String> env) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path exe = dir.isEmpty() ? null : Path.of(dir, "docker");
      if (exe != null && Files.isExecutable(exe)) {
        return Optional.of(new DockerContainers(args -> run(exe, args)));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> run(Path exe, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    command.addAll(args);
    Path out = null;
    try {
      out = Files.createTempFile("docker-", ".out");
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(Files.readString(out, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }

  /**
   * The address of a running container of the service: by {@code containerName} when it has one,
   * else by the compose labels; on the first of {@code networks} it is attached to, else on any.
   */
  Optional<Address> address(
      Optional<String> containerName, String project, String service, List<String> networks) {
    Optional<String> id = containerName.isPresent() ? containerName
        : docker.run(List.of("ps", "-q", "--no-trunc",
                "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=" + service))
            .flatMap(out -> out.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst());
    return id.flatMap(c -> docker.run(List.of("inspect", "--type", "container", c)))
        .flatMap(json -> address(json, networks));
  }

  /** The address in {@code docker inspect} output, when the container is running. */
  static Optional<Address> address(String inspectJson, List<String> networks) {
    Object parsed = new Load(LoadSettings.builder().build()).loadFromString(inspectJson);
    if (!(parsed instanceof List<?> list) || list.isEmpty()
        || !(list.get(0) instanceof Map<?, ?> container)) {
      return Optional.empty();
    }
    if (!(get(container, "State") instanceof Map<?, ?> state)
        || !Boolean.TRUE.equals(state.get("Running"))) {
      return Optional.empty();
    }
    String name = String.valueOf(container.get("Name")).replaceFirst("^/", "");
    if (!(get(get(container, "NetworkSettings"), "Networks") instanceof Map<?, ?> attached)) {
      return Optional.empty();
    }
    List<String> order = new ArrayList<>(networks);
    attached.keySet().forEach(k -> order.add(String.valueOf(k)));
    for (String network : order) {
      Object ip = get(attached.get(network), "IPAddress");
      if (ip instanceof String s && !s.isEmpty()) {
        return Optional.of(new Address(name, network, s));
      }
    }
    return Optional.empty();
  }

  private static Object get(Object map, String key) {
    return map instanceof Map<?, ?> m ? m.get(key) : null;
  }
}
