package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ComposeProject.EnvFile;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.ComposeProject.Origin;
import io.testbed.plugins.compose.DotEnv;
import io.testbed.plugins.compose.Interpolation;
import io.testbed.plugins.compose.edit.EditOptions.Target;
import io.testbed.plugins.yaml.TextEdit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans setting variables in chosen services of a compose project, judged by their effective
 * environment (env files, then {@code environment:}; later compose files win), and edits the file
 * where each value is kept:
 *
 * <ul>
 *   <li>with an override file: that file's {@code environment:} (the file is created when
 *       missing; the base and the env files are not touched);
 *   <li>else, by {@link Target}: the env file that defines the variable (refused when a service
 *       that is not chosen reads that file too), or the {@code environment:} of the compose file
 *       that defines it (the base when none does).
 * </ul>
 *
 * A variable whose effective value is already the wanted one is left alone. Every compose edit is
 * made by {@link EnvEdit} and every env file edit by {@link EnvFileEdit}, each verified; then the
 * whole project is read again from the new texts and every service's effective environment must
 * be exactly the old one with the chosen services' variables set, otherwise nothing is planned
 * (an internal error). The change to one compose file is {@link ComposeFileEdit}'s.
 */
public final class ProjectEdit {
  /** The header of an override file this tool creates. */
  public static final String OVERRIDE_HEADER =
      "# Written by testbed-plugins: the workers' plugin variables, merged over the base file"
          + " by docker compose.";

  private ProjectEdit() {}

  /** One decision: which file gets a service's variable. */
  private record Decision(String service, String name, String value, int composeIndex,
      Path envFile) {}

  /**
   * Plans setting {@code vars} (name to literal value) in every one of {@code services}.
   *
   * @throws ComposeException for an unknown service, an unreadable env file, or a plan that does
   *     not verify (INTERNAL)
   */
  public static ProjectPlan plan(
      ComposeProject project, List<String> services, Map<String, String> vars,
      EditOptions options) {
    List<String> warnings = new ArrayList<>();
    ComposeProject p = project;
    int overrideIndex = -1;
    if (options.overrideFile().isPresent()) {
      Path override = options.overrideFile().get().toAbsolutePath().normalize();
      Path given = options.overrideFile().get();
      if (!p.loads(override)) {
        if (p.fromComposeFileList()) {
          warnings.add("COMPOSE_FILE lists the project's files and does not name " + given
              + ": docker compose will ignore it; add it to COMPOSE_FILE");
        }
        p = p.with(given, OVERRIDE_HEADER + p.base().lineBreak());
      }
      for (int i = 0; i < p.files().size(); i++) {
        if (p.files().get(i).path().map(x -> x.toAbsolutePath().normalize())
            .filter(override::equals).isPresent()) {
          overrideIndex = i;
        }
      }
    }

    warnings.addAll(p.missingEnvFiles());
    Set<String> selected = new HashSet<>(services);
    Map<String, Refusal> refused = new LinkedHashMap<>();
    List<ProjectPlan.Variable> states = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    for (String service : services) {
      Map<String, EnvVar> env = p.environment(service);
      Refusal notHere = ProjectEditScope.refusal(p, service, selected);
      if (notHere != null) {
        refused.put(service, notHere);
        continue;
      }
      for (Map.Entry<String, String> v : vars.entrySet()) {
        EnvVar cur = env.get(v.getKey());
        String value = cur == null ? null : p.value(cur).orElse(null);
        String source = cur == null ? null : p.display(cur.place());
        if (v.getValue().equals(value)) {
          states.add(new ProjectPlan.Variable(service, v.getKey(), value, source, v.getValue(),
              null));
          continue;
        }
        Object d = decide(p, service, v.getKey(), v.getValue(), cur, options.target(),
            overrideIndex, selected);
        if (d instanceof Refusal r) {
          refused.putIfAbsent(service, r);
        } else {
          Decision dec = (Decision) d;
          decisions.add(dec);
          states.add(new ProjectPlan.Variable(service, v.getKey(), value, source, v.getValue(),
              dec.envFile() != null ? p.display(dec.envFile())
                  : p.files().get(dec.composeIndex()).label()));
        }
      }
    }
    decisions.removeIf(d -> refused.containsKey(d.service()));
    states.removeIf(s -> refused.containsKey(s.service()));

    // Compose files: per file, per service, the variables to set in environment:.
    Map<Integer, Map<String, Map<String, String>>> byFile = new LinkedHashMap<>();
    Map<Path, Map<String, String>> byEnvFile = new LinkedHashMap<>();
    for (Decision d : decisions) {
      if (d.envFile() != null) {
        byEnvFile.computeIfAbsent(d.envFile(), k -> new LinkedHashMap<>()).put(d.name(), d.value());
      } else {
        byFile.computeIfAbsent(d.composeIndex(), k -> new LinkedHashMap<>())
            .computeIfAbsent(d.service(), k -> new LinkedHashMap<>()).put(d.name(), d.value());
      }
    }
    List<FileEdit> edits = new ArrayList<>();
    Map<Path, String> texts = new LinkedHashMap<>();
    for (Map.Entry<Path, Map<String, String>> e : byEnvFile.entrySet()) {
      Optional<DotEnv> existing = p.envFile(new EnvFile(e.getKey(), true, null));
      // a missing env file is created (the diff shows it from /dev/null)
      DotEnv file = existing.isPresent() ? existing.get()
          : DotEnv.parse(e.getKey().toString(), "");
      List<TextEdit> splices = EnvFileEdit.edits(file, e.getValue());
      FileEdit edit = new FileEdit(e.getKey(), p.display(e.getKey()), FileEdit.Role.ENV_FILE,
          file.text(), TextEdit.apply(file.text(), splices), splices, existing.isEmpty());
      edits.add(edit);
      texts.put(e.getKey(), edit.after());
    }
    ComposePlan basePlan = null;
    List<Refusal> composeRefusals = new ArrayList<>();
    for (int i = p.files().size() - 1; i >= 0; i--) {
      Map<String, Map<String, String>> targets = byFile.get(i);
      if (targets == null) {
        continue;
      }
      ComposeFile f = p.files().get(i);
      ComposePlan edited = ComposeFileEdit.plan(f, i == 0, targets, composeRefusals);
      Path path = f.path().orElseThrow().toAbsolutePath().normalize();
      boolean creates = i == overrideIndex && !project.loads(path)
          && !java.nio.file.Files.exists(path);
      String before = creates ? "" : f.text();
      List<TextEdit> splices =
          creates ? List.of(TextEdit.insert(0, edited.newText())) : edited.edits();
      edits.add(new FileEdit(path, i == 0 ? f.label() : p.display(path), i == 0 ? FileEdit.Role.COMPOSE
          : FileEdit.Role.OVERRIDE, before, edited.newText(), splices, creates));
      texts.put(path, edited.newText());
      if (i == 0) {
        basePlan = edited;
      }
    }
    composeRefusals.forEach(r -> refused.putIfAbsent(r.service(), r));
    if (basePlan == null) {
      basePlan = new ComposePlan(p.base(), p.base().text(), List.of(), List.of(), List.of());
    }
    List<Refusal> refusals = new ArrayList<>();
    for (String s : services) {
      if (refused.containsKey(s)) {
        refusals.add(refused.get(s));
      }
    }
    // With one compose file and only it edited, EnvEdit has already checked every service's
    // environment in the re-parsed text and the env files are unchanged: the project-wide check
    // would repeat that work. Otherwise (env files, override files) it is the only one.
    boolean onlyTheBase = p.files().size() == 1 && edits.size() == 1
        && edits.get(0).role() == FileEdit.Role.COMPOSE && !ProjectEditScope.composed(p);
    if (refusals.isEmpty() && !edits.isEmpty() && !onlyTheBase) {
      verify(p, p.edited(texts), selected, vars);
    }
    return new ProjectPlan(project, basePlan, refusals.isEmpty() ? edits : List.of(), states,
        refusals, warnings);
  }

  /** Where one variable of one service goes, or why it cannot be set safely. */
  private static Object decide(ComposeProject p, String service, String name, String value,
      EnvVar cur, Target target, int overrideIndex, Set<String> selected) {
    if (overrideIndex >= 0) {
      return new Decision(service, name, value, overrideIndex, null);
    }
    boolean inEnvFile = cur != null && cur.origin() == Origin.ENV_FILE;
    // an env file the service inherits through extends is not its own to edit
    boolean inherited = inEnvFile
        && !p.ownEnvFiles(service).contains(Path.of(cur.place().file()));
    if (target == Target.ENVIRONMENT || (target == Target.AUTO && (!inEnvFile || inherited))) {
      int index = cur != null && cur.origin() == Origin.ENVIRONMENT
          ? fileIndex(p, cur.place().file(), service) : definingFile(p, service);
      return new Decision(service, name, value, index, null);
    }
    if (inherited) {
      return new Refusal(service, name + " is set in " + p.display(cur.place())
          + ", an env file it inherits through extends; editing it would change the extended"
          + " service", "Use --target environment to set " + name + " in the environment: of "
          + service + " instead");
    }
    if (cur != null && cur.origin() == Origin.ENVIRONMENT) {
      return new Refusal(service, name + " is set in environment: at " + cur.place()
          + ", which wins over any env file",
          "Remove it there to keep it in the env file, or use --target environment");
    }
    Path file;
    if (inEnvFile) {
      file = Path.of(cur.place().file());
    } else {
      List<Path> files = p.ownEnvFiles(service);
      if (files.isEmpty()) {
        return new Refusal(service, "it has no env_file of its own to append " + name + " to",
            "Use --target environment, or give it an env_file");
      }
      file = files.get(files.size() - 1);
    }
    Optional<String> dependent = referrer(p, file, name);
    if (dependent.isPresent()) {
      return new Refusal(service, dependent.get() + " in " + p.display(file) + " refers to "
          + name + ": editing " + name + " there would change " + dependent.get() + " too",
          "Use --target environment to set " + name + " in the environment: of " + service
              + " instead");
    }
    List<String> others = p.envFileUsers(file).stream().filter(s -> !selected.contains(s))
        .toList();
    if (!others.isEmpty()) {
      return new Refusal(service, "its env file " + p.display(file) + " is also read by "
          + String.join(", ", others) + ", which " + (others.size() == 1 ? "is" : "are")
          + " not selected: editing it would change " + (others.size() == 1 ? "that service"
              : "those services") + " too",
          "Use --target environment to set " + name + " in the environment: of " + service
              + " instead, or select " + String.join(", ", others) + " as well");
    }
    return new Decision(service, name, value, 0, file);
  }

  /** An entry of the env file, other than the variable itself, whose value refers to it. */
  private static Optional<String> referrer(ComposeProject p, Path file, String name) {
    Optional<DotEnv> env = p.envFile(new EnvFile(file, true, null));
    if (env.isEmpty()) {
      return Optional.empty();
    }
    DotEnv d = env.get();
    return d.entries().stream()
        .filter(e -> !e.key().equals(name) && e.literal() != null && e.interpolated())
        .filter(e -> Interpolation.references(e.literal()).stream()
            .anyMatch(r -> r.name().equals(name)))
        .map(DotEnv.Entry::key)
        .findFirst();
  }

  /** The first compose file that defines the service (the base, unless an override adds it). */
  private static int definingFile(ComposeProject p, String service) {
    for (int i = 0; i < p.files().size(); i++) {
      if (p.files().get(i).tree().model().services().containsKey(service)) {
        return i;
      }
    }
    return 0;
  }

  /** The compose file of that label when it defines the service, else its defining file. */
  private static int fileIndex(ComposeProject p, String label, String service) {
    for (int i = 0; i < p.files().size(); i++) {
      ComposeFile f = p.files().get(i);
      if (f.label().equals(label) && f.tree().model().services().containsKey(service)) {
        return i;
      }
    }
    return definingFile(p, service);
  }

  /**
   * The edited project gives every service exactly its old effective environment, with the
   * chosen services' variables set: nothing else changed, and the edit is effective.
   */
  private static void verify(ComposeProject before, ComposeProject after, Set<String> selected,
      Map<String, String> vars) {
    for (String service : before.serviceNames()) {
      Map<String, String> want = effective(before, service);
      if (selected.contains(service)) {
        want.putAll(vars);
      }
      Map<String, String> got = effective(after, service);
      if (!want.equals(got)) {
        Set<String> names = new java.util.TreeSet<>(want.keySet());
        names.addAll(got.keySet());
        names.removeIf(n -> java.util.Objects.equals(want.get(n), got.get(n)));
        throw EnvEdit.internal(before.base(), "the effective environment of service " + service
            + " would differ in " + String.join(", ", names), null);
      }
    }
  }

  /**
   * A service's effective environment, interpolated (a value that cannot be computed is
   * represented by its error, so a comparison still sees whether it changed).
   */
  static Map<String, String> effective(ComposeProject p, String service) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, EnvVar> env;
    try {
      env = p.environment(service);
    } catch (ComposeException e) {
      out.put("(environment)", "error: " + e.problem());
      return out;
    }
    for (EnvVar v : env.values()) {
      try {
        out.put(v.name(), p.value(v).orElse(null));
      } catch (ComposeException e) {
        out.put(v.name(), "error: " + e.problem());
      }
    }
    return out;
  }
}
