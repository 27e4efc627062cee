package io.testbed.plugins.docker;

import io.testbed.plugins.InContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Docker engine as the {@code docker} CLI on {@code PATH} reaches it: whether it answers, the
 * containers of a compose project, their state, environment and last log lines. Every call has a
 * time limit.
 */
final class DockerEngine {
  /** How long the engine may take to answer {@code docker version}. */
  static final Duration PROBE = Duration.ofSeconds(5);
  private static final Duration CALL = Duration.ofSeconds(30);

  static final String PROJECT = "com.docker.compose.project";
  static final String SERVICE = "com.docker.compose.service";
  static final String WORKING_DIR = "com.docker.compose.project.working_dir";

  /**
   * A container as {@code docker inspect} shows it.
   *
   * @param status created, running, restarting, paused, exited or dead
   * @param health its healthcheck's status (starting, healthy, unhealthy); empty without one
   * @param env its environment, as the engine gave it when the container was created
   */
  record Container(String id, String name, String project, String service, String workingDir,
      String status, int restarts, int exitCode, java.time.Instant startedAt, String health,
      Map<String, String> env) {
    boolean running() {
      return status.equals("running");
    }
  }

  private final ExternalCommand commands;
  private final Map<String, String> env;
  private final Optional<Path> docker;

  DockerEngine(Map<String, String> env) {
    this.env = env;
    this.commands = new ExternalCommand(env);
    this.docker = commands.find("docker");
  }

  /** Whether there is a {@code docker} CLI at all. */
  boolean cliInstalled() {
    return docker.isPresent();
  }

  /** Why the engine cannot be asked (no CLI, or no answer in time); empty when it answers. */
  Optional<String> unavailable() {
    if (docker.isEmpty()) {
      return Optional.of(InContainer.is(env)
          ? "no docker CLI in this container; run status on the host to check them"
          : "no docker CLI on the PATH");
    }
    ExternalCommand.Outcome o = run(List.of("version", "--format", "{{.Server.Version}}"), PROBE);
    if (o.ok()) {
      return Optional.empty();
    }
    return Optional.of("the Docker engine did not answer " + askedVia()
        + (o.timedOut() ? " within " + PROBE.toSeconds() + " s" : ": " + o.message()));
  }

  /** How the CLI asks for the engine: DOCKER_HOST, DOCKER_CONTEXT, or its default socket. */
  String askedVia() {
    String host = env.get("DOCKER_HOST");
    if (host != null && !host.isBlank()) {
      return "at DOCKER_HOST=" + host;
    }
    String context = env.get("DOCKER_CONTEXT");
    if (context != null && !context.isBlank()) {
      return "in docker context " + context;
    }
    return "at docker's default (unix:///var/run/docker.sock or the current context; DOCKER_HOST"
        + " is not set)";
  }

  /** The containers, running or not, that carry {@code label} (KEY=VALUE), oldest first. */
  List<Container> withLabel(String label) {
    ExternalCommand.Outcome ids =
        run(List.of("ps", "-a", "-q", "--no-trunc", "--filter", "label=" + label), CALL);
    List<String> list = ids.ok() ? ids.out().lines().map(String::strip)
        .filter(s -> !s.isEmpty()).toList() : List.of();
    return list.isEmpty() ? List.of() : inspect(list);
  }

  /** The named containers that exist. */
  List<Container> inspect(List<String> idsOrNames) {
    List<String> args = new ArrayList<>(List.of("inspect", "--type", "container"));
    args.addAll(idsOrNames);
    ExternalCommand.Outcome o = run(args, CALL);
    List<Container> out = new ArrayList<>(parse(o.out()));
    java.util.Collections.reverse(out);
    return out;
  }

  /** The last {@code lines} lines a container wrote (output and errors). */
  String logs(String id, int lines) {
    ExternalCommand.Outcome o = run(List.of("logs", "--tail", String.valueOf(lines), id), CALL);
    return (o.out() + o.err()).strip();
  }

  private ExternalCommand.Outcome run(List<String> args, Duration limit) {
    List<String> command = new ArrayList<>();
    command.add(docker.orElseThrow().toString());
    command.addAll(args);
    return commands.run(command, limit);
  }

  /** The containers in {@code docker inspect} output (a JSON array); none for anything else. */
  static List<Container> parse(String inspectJson) {
    if (inspectJson.isBlank()) {
      return List.of();
    }
    Object parsed = new Load(LoadSettings.builder().build()).loadFromString(inspectJson);
    List<Container> out = new ArrayList<>();
    if (!(parsed instanceof List<?> list)) {
      return out;
    }
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> c)) {
        continue;
      }
      Object config = c.get("Config");
      Map<?, ?> labels = get(config, "Labels") instanceof Map<?, ?> m ? m : Map.of();
      Map<String, String> environment = new LinkedHashMap<>();
      if (get(config, "Env") instanceof List<?> vars) {
        for (Object v : vars) {
          String s = String.valueOf(v);
          int eq = s.indexOf('=');
          environment.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
        }
      }
      Object state = c.get("State");
      out.add(new Container(String.valueOf(c.get("Id")),
          String.valueOf(c.get("Name")).replaceFirst("^/", ""),
          text(labels.get(PROJECT)), text(labels.get(SERVICE)), text(labels.get(WORKING_DIR)),
          text(get(state, "Status")), number(c.get("RestartCount")),
          number(get(state, "ExitCode")), instant(get(state, "StartedAt")),
          text(get(get(state, "Health"), "Status")), environment));
    }
    return out;
  }

  private static Object get(Object map, String key) {
    return map instanceof Map<?, ?> m ? m.get(key) : null;
  }

  private static String text(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static java.time.Instant instant(Object o) {
    try {
      return java.time.Instant.parse(String.valueOf(o));
    } catch (java.time.format.DateTimeParseException e) {
      return java.time.Instant.EPOCH;
    }
  }

  private static int number(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }
}
