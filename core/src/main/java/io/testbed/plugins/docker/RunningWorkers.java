package io.testbed.plugins.docker;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ServiceNetwork;
import io.testbed.plugins.docker.ContainerReport.State;
import io.testbed.plugins.docker.ContainerReport.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compares what the running worker containers hold with what the compose files give them. The
 * containers are found by the labels compose (v1 and v2) sets, project and service, or by {@code
 * container_name}; a deployment started from the same directory under another project name
 * ({@code -p}) is found by its working-directory label.
 *
 * <pre>{@code
 * ContainerReport r = RunningWorkers.check(project, Map.of("tfcpu-01",
 *     Map.of("AI_PLUGINS_S3_URI", "s3://plugins/securingai_builtins")), System.getenv());
 * r.stale();   // [tfcpu-01] when its container still runs without the variable
 * }</pre>
 */
public final class RunningWorkers {
  private RunningWorkers() {}

  /**
   * Looks at the containers of the workers.
   *
   * @param expected for each worker, the variables to compare and the interpolated value the
   *     files give (null: the files do not set it)
   * @param env the process environment (PATH, DOCKER_HOST)
   */
  public static ContainerReport check(
      ComposeProject project, Map<String, Map<String, String>> expected, Map<String, String> env) {
    return check(project, expected, new DockerEngine(env));
  }

  static ContainerReport check(
      ComposeProject project, Map<String, Map<String, String>> expected, DockerEngine engine) {
    String name = ServiceNetwork.of(project).projectName();
    Optional<String> unavailable = engine.unavailable();
    if (unavailable.isPresent()) {
      return ContainerReport.notChecked(unavailable.get(), name);
    }
    Map<String, List<DockerEngine.Container>> byService = byService(
        engine.withLabel(DockerEngine.PROJECT + "=" + name), expected);
    String runningAs = name;
    if (byService.isEmpty()) {
      Map<String, List<DockerEngine.Container>> elsewhere =
          underAnotherName(project, name, expected, engine);
      if (elsewhere.size() == 1) {
        runningAs = elsewhere.keySet().iterator().next();
        byService = byService(elsewhere.get(runningAs), expected);
      }
    }
    ServiceNetwork net = ServiceNetwork.of(project);
    List<Worker> workers = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : expected.entrySet()) {
      String service = e.getKey();
      List<DockerEngine.Container> containers = byService.getOrDefault(service, List.of());
      if (containers.isEmpty()) {
        Optional<String> containerName = net.service(service).containerName();
        if (containerName.isPresent()) {
          containers = engine.inspect(List.of(containerName.get()));
        }
      }
      if (containers.isEmpty()) {
        workers.add(new Worker(service, "", State.ABSENT, "no container"));
      }
      for (DockerEngine.Container c : containers) {
        workers.add(compare(service, c, e.getValue()));
      }
    }
    return new ContainerReport(Optional.empty(), name, runningAs, workers);
  }

  /** The containers of the wanted services, by service. */
  private static Map<String, List<DockerEngine.Container>> byService(
      List<DockerEngine.Container> containers, Map<String, ?> wanted) {
    return containers.stream().filter(c -> wanted.containsKey(c.service()))
        .collect(Collectors.groupingBy(DockerEngine.Container::service, LinkedHashMap::new,
            Collectors.toList()));
  }

  /**
   * Worker containers started by compose from this project's directory under another project
   * name, by that name.
   */
  private static Map<String, List<DockerEngine.Container>> underAnotherName(
      ComposeProject project, String name, Map<String, ?> wanted, DockerEngine engine) {
    Path dir = project.directory().toAbsolutePath().normalize();
    return engine.withLabel(DockerEngine.WORKING_DIR).stream()
        .filter(c -> !c.project().equals(name) && wanted.containsKey(c.service()))
        .filter(c -> !c.workingDir().isEmpty() && samePath(Path.of(c.workingDir()), dir))
        .collect(Collectors.groupingBy(DockerEngine.Container::project, LinkedHashMap::new,
            Collectors.toList()));
  }

  private static boolean samePath(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b)) {
      return true;
    }
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Worker compare(
      String service, DockerEngine.Container c, Map<String, String> expected) {
    if (!c.running()) {
      return new Worker(service, c.name(), State.STOPPED, c.status().equals("created")
          ? "created, not started" : c.status() + (c.status().equals("exited")
              ? " (exit code " + c.exitCode() + ")" : ""));
    }
    List<String> differs = new ArrayList<>();
    List<String> same = new ArrayList<>();
    expected.forEach((var, want) -> {
      String has = c.env().get(var);
      if (java.util.Objects.equals(has, want)) {
        same.add(want == null ? "without " + var : var + "=" + want);
      } else if (has == null) {
        differs.add("without " + var);
      } else {
        differs.add(var + "=" + has + (want == null ? ", which the files do not set"
            : " instead of " + want));
      }
    });
    return differs.isEmpty()
        ? new Worker(service, c.name(), State.OK, "running with " + String.join(", ", same))
        : new Worker(service, c.name(), State.STALE, "running " + (differs.get(0)
            .startsWith("without") ? "" : "with ") + String.join(", ", differs));
  }
}
