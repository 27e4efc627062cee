package io.testbed.plugins.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Docker engine for the engine suite: the one {@code DOCKER_HOST} names, else a private daemon
 * that {@code .ci/engine} starts (and {@link #close} stops again). When neither answers, the suite
 * is skipped with the reason. Public for the image's suite in dist.
 */
public final class Engine implements AutoCloseable {
  /** What a command gave. */
  public record Run(int exit, String out, String err) {
    public String all() {
      return out + err;
    }
  }

  /**
   * Who runs this suite: this machine and this process ({@code HOST:PID}), the label {@code
   * testbed.engine-it.owner} of every container and network a run makes.
   */
  static final String OWNER = hostname() + ":" + ProcessHandle.current().pid();

  private final String host;
  private final Path script;
  private final boolean owned;

  private Engine(String host, Path script, boolean owned) {
    this.host = host;
    this.script = script;
    this.owned = owned;
  }

  /** The engine, or a skipped test with the reason it cannot be had. */
  public static Engine start() throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("engine.script", "../.ci/engine"));
    String given = System.getenv("DOCKER_HOST");
    if (given != null && !given.isBlank()) {
      Engine e = new Engine(given, script, false);
      Run v = e.docker("version", "--format", "{{.Server.Version}}");
      Assumptions.assumeTrue(v.exit() == 0,
          "engine suite skipped: DOCKER_HOST=" + given + " does not answer: " + v.all().strip());
      return e;
    }
    Run started = run(List.of("bash", script.toString(), "start"), Map.of(), null, 180);
    if (started.exit() != 0 || !started.out().startsWith("DOCKER_HOST=")) {
      String why = "engine suite skipped: the private Docker daemon did not start: "
          + started.all().strip();
      System.err.println(why);
      Assumptions.abort(why);
    }
    List<String> lines = started.out().lines().toList();
    return new Engine(lines.get(0).substring("DOCKER_HOST=".length()), script,
        lines.contains("started"));
  }

  /** {@code DOCKER_HOST} for this engine, e.g. {@code unix:///tmp/testbed-engine/docker.sock}. */
  public String host() {
    return host;
  }

  /** The environment a CLI run against this engine gets: DOCKER_HOST and the PATH. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_HOST", host);
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  public Run docker(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    return run(cmd, env(), null, 120);
  }

  /** {@code docker ARGS}, which must succeed; its output, stripped. */
  public String ok(String... args) throws IOException, InterruptedException {
    Run r = docker(args);
    if (r.exit() != 0) {
      throw new AssertionError("docker " + String.join(" ", args) + " failed: " + r.all());
    }
    return r.out().strip();
  }

  /** {@code docker-compose ARGS} in {@code dir} (Debian's compose v1). */
  public Run compose(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("docker-compose"));
    cmd.addAll(List.of(args));
    return run(cmd, env(), dir, 300);
  }

  public static Run run(List<String> cmd, Map<String, String> env, Path dir, int seconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("engine-out", ".txt");
    Path err = Files.createTempFile("engine-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in " + seconds + " s");
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Builds (or finds) the suite's stand-in images with {@code script} ({@code images.sh}): busybox,
   * and busybox plus a JDK. Returns their names by kind ({@code busybox}, {@code java}), each
   * tagged with a hash of what went into it, so that runs with other inputs never share one.
   */
  public Map<String, String> images(String script) throws IOException, InterruptedException {
    Run built = run(List.of("bash", script, System.getProperty("java.home")), env(), null, 600);
    if (built.exit() != 0) {
      throw new AssertionError(script + " failed: " + built.all());
    }
    Map<String, String> images = new LinkedHashMap<>();
    built.out().lines().forEach(l -> images.put(l.substring(0, l.indexOf('=')),
        l.substring(l.indexOf('=') + 1)));
    return images;
  }

  /** Removes every container and network labelled with the run id. */
  public void removeRun(String runId) throws IOException, InterruptedException {
    String label = "label=testbed.engine-it=" + runId;
    for (String id : ok("ps", "-aq", "--filter", label).lines().toList()) {
      docker("rm", "-f", "-v", id);
    }
    for (String id : ok("network", "ls", "-q", "--filter", label).lines().toList()) {
      docker("network", "rm", id);
    }
  }

  /**
   * Removes what earlier runs of this suite left when they were killed: the runs owned by a
   * process of this machine that is gone (or by no process named: an older suite). A run of
   * another live process, here or on another machine, is left alone.
   */
  void removeLeftovers() throws IOException, InterruptedException {
    String format = "{{.Label \"testbed.engine-it\"}} {{.Label \"testbed.engine-it.owner\"}}";
    Set<String> runs = new TreeSet<>();
    List<String> listed = new ArrayList<>();
    listed.addAll(ok("container", "ls", "-a", "--filter", "label=testbed.engine-it", "--format",
        format).lines().toList());
    listed.addAll(ok("network", "ls", "--filter", "label=testbed.engine-it", "--format",
        format).lines().toList());
    for (String line : listed) {
      String[] f = (line.strip() + " ").split(" ", -1);
      if (!f[0].isEmpty() && leftover(f[1])) {
        runs.add(f[0]);
      }
    }
    for (String r : runs) {
      removeRun(r);
    }
  }

  private static boolean leftover(String owner) {
    int colon = owner.lastIndexOf(':');
    if (colon < 0) {
      return true;
    }
    if (!owner.substring(0, colon).equals(hostname())) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(owner.substring(colon + 1))).isEmpty();
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return String.valueOf(System.getenv("HOSTNAME"));
    }
  }

  /** Stops the private daemon when this suite started it. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (owned) {
      run(List.of("bash", script.toString(), "stop"), Map.of(), null, 60);
    }
  }
}
