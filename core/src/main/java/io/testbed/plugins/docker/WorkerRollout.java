package io.testbed.plugins.docker;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ServiceNetwork;
import io.testbed.plugins.compose.edit.FileEdit;
import io.testbed.plugins.compose.edit.ProjectPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The command that brings running workers along after their environment changed in the files:
 * {@code docker compose -p PROJECT -f FILE... up -d --no-deps SERVICE...}. Compose recreates the
 * named services whose configuration changed and nothing else ({@code --no-deps}: no dependency
 * is started, stopped or recreated). Pure data; {@link Rollout#apply} runs it.
 *
 * @param cli the compose CLI installed here (the v2 form when none is)
 * @param project the project name, as the files give it or as the containers run under it
 * @param files the compose files, as the project was discovered (base first)
 * @param services the workers to bring along, in order
 */
public record WorkerRollout(
    ComposeCli cli, String project, List<String> files, List<String> services) {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  public WorkerRollout {
    files = List.copyOf(files);
    services = List.copyOf(services);
  }

  /**
   * The rollout of {@code services} of {@code project}.
   *
   * @param runningAs the project name to use (see {@link ContainerReport#runningAs()}), or null
   *     for the one the files give
   */
  public static WorkerRollout of(
      ComposeCli cli, ComposeProject project, String runningAs, List<String> services) {
    String name = runningAs != null ? runningAs : ServiceNetwork.of(project).projectName();
    List<String> files = project.files().stream().map(ComposeFile::label)
        .map(WorkerRollout::shown).toList();
    return new WorkerRollout(cli, name, files, services);
  }

  /**
   * The rollout of the workers an edit changes, with the files compose will load once it is
   * written (an override file the edit creates included).
   */
  public static WorkerRollout of(ComposeCli cli, ProjectPlan plan, List<String> services) {
    WorkerRollout r = of(cli, plan.project(), null, services);
    List<String> files = new ArrayList<>(r.files());
    plan.files().stream().filter(f -> f.role() == FileEdit.Role.OVERRIDE && f.creates())
        .map(FileEdit::label).map(WorkerRollout::shown).filter(l -> !files.contains(l))
        .forEach(files::add);
    return new WorkerRollout(cli, r.project(), files, services);
  }

  /** A file as the command names it: relative to the working directory when inside it. */
  private static String shown(String label) {
    java.nio.file.Path p = java.nio.file.Path.of(label);
    if (!p.isAbsolute()) {
      return label;
    }
    java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
    return p.normalize().startsWith(cwd) ? cwd.relativize(p.normalize()).toString() : label;
  }

  /** The same command for other services (or under another project name). */
  public WorkerRollout with(String runningAs, List<String> others) {
    return new WorkerRollout(cli, runningAs == null ? project : runningAs, files, others);
  }

  /** The workers the command names: {@code first}, then those of {@code more} not among them. */
  public static List<String> union(List<String> first, List<String> more) {
    List<String> all = new ArrayList<>(first);
    more.stream().filter(s -> !all.contains(s)).forEach(all::add);
    return all;
  }

  /** Whether there is anything to bring along. */
  public boolean needed() {
    return !services.isEmpty();
  }

  /** The command as an argument list, as people run it ({@code docker compose ...}). */
  public List<String> command() {
    List<String> c = new ArrayList<>(cli.name());
    c.addAll(arguments());
    return List.copyOf(c);
  }

  /** The command as this machine runs it (the CLI's full path); empty with no compose CLI. */
  List<String> executable() {
    if (!cli.installed()) {
      return List.of();
    }
    List<String> c = new ArrayList<>(cli.executable());
    c.addAll(arguments());
    return c;
  }

  private List<String> arguments() {
    List<String> a = projectArguments();
    a.addAll(List.of("up", "-d", "--no-deps"));
    a.addAll(services);
    return a;
  }

  private List<String> projectArguments() {
    List<String> a = new ArrayList<>(List.of("-p", project));
    files.forEach(f -> {
      a.add("-f");
      a.add(f);
    });
    return a;
  }

  /**
   * The command that starts {@code service} of the same project (and what it depends on), for a
   * POSIX shell: {@code docker compose -p PROJECT -f FILE... up -d SERVICE}.
   */
  public String startCommand(String service) {
    return serviceCommand("up", "-d", service);
  }

  /**
   * The command that unpauses {@code service} of the same project, for a POSIX shell: {@code
   * docker compose -p PROJECT -f FILE... unpause SERVICE}.
   */
  public String unpauseCommand(String service) {
    return serviceCommand("unpause", service);
  }

  private String serviceCommand(String... action) {
    List<String> c = new ArrayList<>(cli.name());
    c.addAll(projectArguments());
    c.addAll(List.of(action));
    return c.stream().map(WorkerRollout::quote).collect(Collectors.joining(" "));
  }

  /** The command for a POSIX shell, each argument quoted only when it needs it. */
  public String shellCommand() {
    return command().stream().map(WorkerRollout::quote).collect(Collectors.joining(" "));
  }

  static String quote(String arg) {
    return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  /** The rollout as JSON-ready data: the CLI, the services and the argument list. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("cli", cli.display());
    m.put("installed", cli.installed());
    m.put("project", project);
    m.put("services", services);
    m.put("command", command());
    return m;
  }
}
