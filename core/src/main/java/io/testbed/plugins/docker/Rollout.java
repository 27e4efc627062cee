package io.testbed.plugins.docker;

import io.testbed.plugins.InContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link WorkerRollout} ({@code --up}) and checks that every worker it names runs
 * afterwards. The compose files are already written when it runs; a failure leaves them so, and
 * running it again finishes the job.
 */
public final class Rollout {
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final Duration WATCH = Duration.ofSeconds(120);
  private static final int LOG_LINES = 10;

  /** A worker that is not running after the command: its container, state and last log lines. */
  public record NotStarted(String service, String container, String state, String logs) {}

  /**
   * What the command did.
   *
   * @param output what it printed (output and errors)
   * @param failure why it failed (the command, and the engine's or compose's message); empty when
   *     it succeeded
   * @param notStarted the named workers that do not run afterwards
   * @param watched whether the workers were watched afterwards (not without a docker CLI)
   */
  public record Result(
      WorkerRollout rollout, String output, Optional<String> failure,
      List<NotStarted> notStarted, boolean watched) {
    public Result {
      notStarted = List.copyOf(notStarted);
    }

    /** The command ran, and every worker it names runs. */
    public boolean ok() {
      return failure.isEmpty() && notStarted.isEmpty();
    }
  }

  private Rollout() {}

  /**
   * Runs the rollout in the working directory.
   *
   * @param env the process environment (PATH, DOCKER_HOST), passed on to the compose CLI
   */
  public static Result apply(WorkerRollout rollout, Map<String, String> env) {
    return apply(rollout, env, SETTLE);
  }

  static Result apply(WorkerRollout rollout, Map<String, String> env, Duration settle) {
    String command = rollout.shellCommand();
    if (!rollout.cli().installed() && InContainer.is(env)) {
      return failed(rollout, "", "there is no compose CLI in this container, so the workers were"
          + " not recreated. The compose files are written; run this on the host, in the"
          + " deployment directory:\n  " + command);
    }
    if (!rollout.cli().installed()) {
      return failed(rollout, "", "no compose CLI found (neither 'docker compose' nor"
          + " 'docker-compose' is on the PATH), so the workers were not recreated.\n"
          + "Install one, or run this where one is:\n  " + command);
    }
    DockerEngine engine = new DockerEngine(env);
    Optional<String> unavailable = engine.cliInstalled() ? engine.unavailable() : Optional.empty();
    if (unavailable.isPresent()) {
      return failed(rollout, "", "'" + command + "' was not run: " + unavailable.get()
          + ".\nStart the engine (or set DOCKER_HOST), then run it.");
    }
    ExternalCommand.Outcome o = new ExternalCommand(env).run(rollout.executable(), LIMIT);
    String output = (o.out() + o.err()).strip();
    if (!o.ok()) {
      return failed(rollout, output, "'" + command + "' " + (o.timedOut()
          ? "did not finish within " + LIMIT.toMinutes() + " minutes"
          : "failed (exit code " + o.exit() + "): " + o.message())
          + ".\nThe compose files are written; once that is fixed, run it again (or run this"
          + " command again with --up).");
    }
    List<NotStarted> notStarted = engine.cliInstalled()
        ? settle(rollout, engine, settle) : List.of();
    return new Result(rollout, output, Optional.empty(), notStarted, engine.cliInstalled());
  }

  private static Result failed(WorkerRollout rollout, String output, String why) {
    return new Result(rollout, output, Optional.of(why), List.of(), false);
  }

  /**
   * Watches the named workers (at most {@link #WATCH}) until each is healthy, when its image or
   * service has a healthcheck, else has run for {@code settle}: a worker that exits, restarts or
   * turns unhealthy in that time did not start; one still starting at the end is reported too.
   */
  private static List<NotStarted> settle(
      WorkerRollout rollout, DockerEngine engine, Duration settle) {
    Map<String, NotStarted> failed = new LinkedHashMap<>();
    long end = System.nanoTime() + WATCH.toNanos();
    while (true) {
      Map<String, List<DockerEngine.Container>> now = new LinkedHashMap<>();
      for (DockerEngine.Container c
          : engine.withLabel(DockerEngine.PROJECT + "=" + rollout.project())) {
        now.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c);
      }
      boolean settled = true;
      for (String service : rollout.services()) {
        List<DockerEngine.Container> cs = now.getOrDefault(service, List.of());
        if (failed.containsKey(service)) {
          continue;
        }
        if (cs.isEmpty()) {
          failed.put(service, new NotStarted(service, "", "no container", ""));
        }
        for (DockerEngine.Container c : cs) {
          if (!c.running() || c.restarts() > 0) {
            String state = c.restarts() > 0
                ? "it exited and was restarted " + c.restarts()
                    + (c.restarts() == 1 ? " time" : " times")
                    + (c.running() ? "" : ", now " + c.status())
                : c.status() + (c.status().equals("exited")
                    ? " (exit code " + c.exitCode() + ")" : "");
            failed.put(service, new NotStarted(service, c.name(), state,
                engine.logs(c.id(), LOG_LINES)));
            break;
          }
          if (c.health().equals("unhealthy")) {
            failed.put(service, new NotStarted(service, c.name(), "running, but unhealthy",
                engine.logs(c.id(), LOG_LINES)));
            break;
          }
          boolean waiting = c.health().isEmpty()
              ? c.startedAt().plus(settle).isAfter(java.time.Instant.now())
              : !c.health().equals("healthy");
          if (waiting && System.nanoTime() > end) {
            failed.put(service, new NotStarted(service, c.name(), c.health().isEmpty()
                ? c.status() : "health still " + c.health() + " after " + WATCH.toSeconds()
                    + " s", engine.logs(c.id(), LOG_LINES)));
            break;
          }
          settled &= !waiting;
        }
      }
      if (settled || failed.size() == rollout.services().size() || System.nanoTime() > end) {
        return List.copyOf(failed.values());
      }
      sleep(Duration.ofMillis(500));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
