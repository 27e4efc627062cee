package io.testbed.plugins.docker;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A running container's address, read with the {@code docker} CLI ({@code docker ps} to find a
 * compose service's container by its labels, {@code docker inspect} for its addresses). Used only
 * when a compose service publishes no port: on Linux the host reaches a container on a bridge
 * network at its address there. When the container exists but does not run, {@link #stopped}
 * says in what state, and since when.
 */
public final class DockerContainers {

  /**
   * Runs {@code docker ARGS...}: its standard output, or empty when it fails. The one place a
   * test drives the CLI's answers without an engine.
   */
  @FunctionalInterface
  public interface Runner {
    Optional<String> run(List<String> args);
  }

  /** A container's address on one network. */
  public record Address(String container, String network, String ip) {}

  /**
   * A container of a service that exists but does not serve: it does not run, or it is paused
   * ({@code docker pause}: its address takes connections, and nothing answers them).
   *
   * @param container its name
   * @param project the compose project it was started under ({@code -p NAME}); empty if none
   * @param status created, exited, dead, paused, ... as {@code docker inspect} says
   * @param exitCode its last exit code
   * @param since when it stopped ({@code State.FinishedAt}); empty when it never ran
   */
  public record Stopped(String container, String project, String status, int exitCode,
      Optional<Instant> since) {
    private static final DateTimeFormatter SHOWN =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Whether it is paused: it runs, frozen, rather than stopped. */
    public boolean paused() {
      return status.equals("paused");
    }

    /** E.g. {@code lab_minio_1 is exited (exit code 137) since 2026-12-06 13:00:01 UTC}. */
    public String describe() {
      if (paused()) {
        return container + " is paused: it takes connections and answers none";
      }
      return container + " is " + status
          + (status.equals("exited") || status.equals("dead") ? " (exit code " + exitCode + ")"
              : "")
          + since.map(t -> " since " + SHOWN.format(t)).orElse(" and never ran");
    }
  }

  private final Runner docker;
  private final java.util.function.Supplier<Optional<String>> unavailable;

  /**
   * Containers as {@code docker} answers them; the engine counts as down when {@code docker
   * version} fails.
   */
  public DockerContainers(Runner docker) {
    this(docker, () -> docker.run(List.of("version", "--format", "{{.Server.Version}}")).isPresent()
        ? Optional.empty() : Optional.of("the Docker engine did not answer"));
  }

  private DockerContainers(Runner docker,
      java.util.function.Supplier<Optional<String>> unavailable) {
    this.docker = docker;
    this.unavailable = unavailable;
  }

  /** The {@code docker} CLI on {@code PATH}, if there is one; every call has a time limit. */
  public static Optional<DockerContainers> onPath(Map<String, String> env) {
    DockerEngine engine = new DockerEngine(env);
    if (!engine.cliInstalled()) {
      return Optional.empty();
    }
    ExternalCommand commands = new ExternalCommand(env);
    String exe = commands.find("docker").orElseThrow().toString();
    Runner runner = args -> {
      List<String> command = new ArrayList<>(List.of(exe));
      command.addAll(args);
      ExternalCommand.Outcome o = commands.run(command, Duration.ofSeconds(20));
      return o.ok() ? Optional.of(o.out()) : Optional.empty();
    };
    return Optional.of(new DockerContainers(runner, engine::unavailable));
  }

  /** Whether the engine answers {@code docker version} (within 5 seconds, on the CLI). */
  public boolean answers() {
    return unavailable.get().isEmpty();
  }

  /**
   * Why no running container was found, as the end of a sentence: the engine did not answer (and
   * how it was asked), or it has no running container of the service.
   */
  public String notFound() {
    return unavailable.get().map(why -> ", and " + why
            + " (is the deployment up, and DOCKER_HOST set to the engine it runs on?)")
        .orElse(", and docker reports no running container of it (is the deployment up?)");
  }

  /**
   * The address of a running container of the service: by {@code containerName} when it has one,
   * else by the compose labels; on the first of {@code networks} it is attached to, else on any.
   */
  public Optional<Address> address(
      Optional<String> containerName, String project, String service, List<String> networks) {
    Optional<String> id = containerName.isPresent() ? containerName
        : docker.run(List.of("ps", "-q", "--no-trunc",
                "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=" + service))
            .flatMap(out -> out.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst());
    return id.flatMap(c -> docker.run(List.of("inspect", "--type", "container", c)))
        .flatMap(json -> address(json, networks));
  }

  /**
   * The container of the service that exists but does not serve (stopped, exited, created,
   * paused), by
   * {@code containerName} when it has one, else by the compose labels; empty when there is none,
   * or it runs.
   */
  public Optional<Stopped> stopped(Optional<String> containerName, String project, String service) {
    Optional<String> id = containerName.isPresent() ? containerName
        : docker.run(List.of("ps", "-a", "-q", "--no-trunc",
                "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=" + service))
            .flatMap(out -> out.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst());
    return id.flatMap(c -> docker.run(List.of("inspect", "--type", "container", c)))
        .flatMap(DockerContainers::stopped);
  }

  /** The container in {@code docker inspect} output, when it exists and does not serve. */
  static Optional<Stopped> stopped(String inspectJson) {
    Object parsed = new Load(LoadSettings.builder().build()).loadFromString(inspectJson);
    if (!(parsed instanceof List<?> list) || list.isEmpty()
        || !(list.get(0) instanceof Map<?, ?> container)
        || !(get(container, "State") instanceof Map<?, ?> state)
        || serves(state)) {
      return Optional.empty();
    }
    Optional<Instant> since;
    try {
      since = Optional.of(Instant.parse(String.valueOf(state.get("FinishedAt"))))
          .filter(t -> t.isAfter(Instant.EPOCH));
    } catch (DateTimeParseException e) {
      since = Optional.empty();
    }
    Object project = get(get(get(container, "Config"), "Labels"), "com.docker.compose.project");
    return Optional.of(new Stopped(String.valueOf(container.get("Name")).replaceFirst("^/", ""),
        project == null ? "" : String.valueOf(project),
        Boolean.TRUE.equals(state.get("Paused")) ? "paused" : String.valueOf(state.get("Status")),
        state.get("ExitCode") instanceof Number n ? n.intValue() : 0, since));
  }

  /** The address in {@code docker inspect} output, when the container serves. */
  static Optional<Address> address(String inspectJson, List<String> networks) {
    Object parsed = new Load(LoadSettings.builder().build()).loadFromString(inspectJson);
    if (!(parsed instanceof List<?> list) || list.isEmpty()
        || !(list.get(0) instanceof Map<?, ?> container)) {
      return Optional.empty();
    }
    if (!(get(container, "State") instanceof Map<?, ?> state) || !serves(state)) {
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

  /** Whether a container's {@code State} runs and is not paused. */
  private static boolean serves(Map<?, ?> state) {
    return Boolean.TRUE.equals(state.get("Running")) && !Boolean.TRUE.equals(state.get("Paused"));
  }

  private static Object get(Object map, String key) {
    return map instanceof Map<?, ?> m ? m.get(key) : null;
  }
}
