package io.testbed.plugins.cli;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.edit.ProjectPlan;
import io.testbed.plugins.configure.ConfigureException;
import io.testbed.plugins.docker.ComposeCli;
import io.testbed.plugins.docker.ContainerReport;
import io.testbed.plugins.docker.Rollout;
import io.testbed.plugins.docker.RunningWorkers;
import io.testbed.plugins.docker.WorkerRollout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The running workers, for {@code configure}, {@code compose set-env} and {@code status}: the
 * command that brings them along, {@code --up}, and what their containers run.
 */
final class WorkersAlong {
  private final Map<String, String> env;

  WorkersAlong(Map<String, String> env) {
    this.env = env;
  }

  /** The rollout of the workers a plan changes (none when it changes none). */
  WorkerRollout rollout(ProjectPlan plan) {
    return WorkerRollout.of(ComposeCli.locate(env), plan, plan.changedServices());
  }

  /** The hint after the files changed, or would: the command that brings the workers along. */
  static void hint(PrintWriter out, WorkerRollout rollout, boolean written) {
    if (!rollout.needed()) {
      return;
    }
    out.println("workers  running containers of " + String.join(", ", rollout.services())
        + (written ? " keep" : " would keep") + " their old environment until recreated; run"
        + (rollout.cli().installed() ? "" : " (no compose CLI found here)") + ":");
    out.println("         " + rollout.shellCommand());
  }

  /**
   * {@code --up}: recreates the workers the edit changed and the running ones that are stale,
   * prints the command's output under a heading, and checks that each runs.
   *
   * @param project the project as written
   * @param expected per worker, the variables and the values the files now give
   * @throws ConfigureException when the command fails or a worker does not run afterwards (the
   *     files stay written)
   */
  Rollout.Result up(PrintWriter out, WorkerRollout planned, ComposeProject project,
      Map<String, Map<String, String>> expected, boolean print) {
    ContainerReport report = RunningWorkers.check(project, expected, env);
    List<String> services = WorkerRollout.union(planned.services(), report.stale());
    if (services.isEmpty() && !report.checked()) {
      services = List.copyOf(expected.keySet());
    }
    WorkerRollout rollout = planned.with(report.runningAs(), services);
    if (!rollout.needed()) {
      if (print) {
        out.println("up       nothing to recreate: no running worker lacks its values");
      }
      return new Rollout.Result(rollout, "", java.util.Optional.empty(), List.of(), true);
    }
    if (print) {
      out.println();
      out.println("$ " + rollout.shellCommand());
      out.flush();
    }
    Rollout.Result result = Rollout.apply(rollout, env);
    if (print) {
      result.output().lines().forEach(l -> out.println("  " + l));
      if (result.ok()) {
        out.println("up       recreated " + String.join(", ", rollout.services())
            + (result.watched() ? "; each runs" : " (not watched: no docker CLI on the PATH)"));
      }
      out.flush();
    }
    return result;
  }

  /** The error for a failed {@code --up}, naming the command or the workers that do not run. */
  static ConfigureException failure(Rollout.Result result) {
    if (result.failure().isPresent()) {
      return new ConfigureException(result.failure().get());
    }
    return new ConfigureException(result.notStarted().stream()
        .map(n -> "worker " + n.service() + (n.container().isEmpty() ? "" : " (container "
            + n.container() + ")") + " is not running after '" + result.rollout().shellCommand()
            + "': " + n.state() + (n.logs().isEmpty() ? "" : "; its last log lines:\n"
            + n.logs().lines().map(l -> "    " + l).collect(Collectors.joining("\n"))))
        .collect(Collectors.joining("\n"))
        + "\nThe compose files are written; fix the worker, then run the command again.");
  }

  // ---- status ----

  /** The containers of the workers, compared with what the files give. */
  ContainerReport check(ComposeProject project, Map<String, Map<String, String>> expected) {
    return RunningWorkers.check(project, expected, env);
  }

  /** {@code status}: one line per container, or why they were not checked. */
  static void print(PrintWriter out, ContainerReport report, WorkerRollout stale,
      java.util.function.BiConsumer<Boolean, String> line) {
    if (!report.checked()) {
      out.println("containers: not checked (" + report.notChecked().get() + ")");
      return;
    }
    if (!report.runningAs().equals(report.project())) {
      out.println("note   the containers run under project name '" + report.runningAs()
          + "', not '" + report.project() + "' (started with -p?)");
    }
    if (report.noneFound()) {
      out.println("note   no container of a selected worker was found under project name '"
          + report.project() + "', nor from this directory under another name; they take the"
          + " values when they are created");
      return;
    }
    for (ContainerReport.Worker w : report.workers()) {
      String text = "container " + (w.container().isEmpty() ? "of " + w.service()
          : w.container() + " (" + w.service() + ")") + ": " + w.detail();
      switch (w.state()) {
        case OK -> line.accept(true, text);
        case STALE -> line.accept(false, text);
        default -> out.println("note   " + text + "; it takes the values when it starts");
      }
    }
    if (stale.needed()) {
      out.println("       recreate the stale workers with: " + stale.shellCommand());
    }
  }

  static Map<String, Object> json(ContainerReport report, WorkerRollout stale) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("checked", report.checked());
    m.put("reason", report.notChecked().orElse(null));
    m.put("project", report.project());
    m.put("runningAs", report.runningAs());
    List<Object> workers = new ArrayList<>();
    for (ContainerReport.Worker w : report.workers()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("service", w.service());
      c.put("container", w.container().isEmpty() ? null : w.container());
      c.put("state", w.state().name().toLowerCase(java.util.Locale.ROOT));
      c.put("detail", w.detail());
      workers.add(c);
    }
    m.put("workers", workers);
    m.put("stale", report.stale());
    m.put("rollout", stale.needed() ? stale.toMap() : null);
    return m;
  }

  static Map<String, Object> json(Rollout.Result result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", result.ok());
    m.put("rollout", result.rollout().toMap());
    m.put("output", result.output());
    m.put("failure", result.failure().orElse(null));
    m.put("watched", result.watched());
    m.put("notStarted", result.notStarted().stream().map(n -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("service", n.service());
      x.put("container", n.container());
      x.put("state", n.state());
      x.put("logs", n.logs());
      return x;
    }).toList());
    return m;
  }
}
