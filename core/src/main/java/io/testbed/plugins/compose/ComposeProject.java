package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.yaml.YNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A compose project as docker compose sees it: the compose file(s), the {@code .env} file beside
 * the first one (the values for {@code ${VAR}} interpolation, after the process environment), and
 * each service's {@code env_file}s. Answers what a service's environment really is: its env files
 * in order, then {@code environment:}, which wins; later compose files win over earlier ones, key
 * by key. Files are read lazily and once.
 */
public final class ComposeProject {

  /** Where a variable of a service is defined. */
  public enum Origin {
    /** The service's {@code environment:} in a compose file. */
    ENVIRONMENT,
    /** One of the service's {@code env_file:} files. */
    ENV_FILE
  }

  /**
   * A variable of a service's effective environment.
   *
   * @param name the variable
   * @param written the value as written in its file, before interpolation (YAML text with {@code
   *     $$} for a literal {@code $}, or the env file's unquoted value); null when the file gives
   *     the name alone, which takes the value from the environment
   * @param place where it is defined
   * @param origin the kind of file it is defined in
   */
  public record EnvVar(String name, String written, Place place, Origin origin) {
    public EnvVar {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(place, "place");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * An {@code env_file} entry of a service.
   *
   * @param path the file, resolved against the directory of the compose file that names it
   * @param required false for the long syntax's {@code required: false}
   * @param place where the compose file names it
   */
  public record EnvFile(Path path, boolean required, Place place) {}

  /**
   * The override file names docker compose loads beside the base when no file list is given, in
   * its order of preference.
   */
  public static final List<String> OVERRIDE_NAMES = List.of(
      "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml",
      "docker-compose.override.yaml");

  private final List<ComposeFile> files;
  private final boolean listed;
  private final Path directory;
  private final Map<String, String> processEnv;
  private Optional<DotEnv> dotEnv;
  private Map<String, String> dotEnvValues;
  private final Map<Path, DotEnv> envFiles = new HashMap<>();
  private final Map<Path, Map<String, String>> envFileValues = new HashMap<>();
  private Map<Path, List<String>> envFileUsers;

  private ComposeProject(List<ComposeFile> files, Path directory, Map<String, String> processEnv) {
    this(files, false, directory, processEnv);
  }

  private ComposeProject(
      List<ComposeFile> files, boolean listed, Path directory, Map<String, String> processEnv) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a project has at least one compose file");
    }
    this.files = List.copyOf(files);
    this.listed = listed;
    this.directory = directory;
    this.processEnv = Map.copyOf(processEnv);
  }

  /** The project of one compose file read from disk, with the process environment given. */
  public static ComposeProject load(Path composeFile, Map<String, String> processEnv) {
    return of(List.of(ComposeFile.read(composeFile)), processEnv);
  }

  /**
   * The project of compose files already read, in compose's order (base first, overrides after).
   * The project directory is that of the first file (the working directory for parsed text).
   */
  public static ComposeProject of(List<ComposeFile> files, Map<String, String> processEnv) {
    Path dir = files.isEmpty() ? null : directoryOf(files.get(0));
    return new ComposeProject(files, dir, processEnv);
  }

  /**
   * The project docker compose would load, run without {@code -f} in the deployment directory:
   *
   * <ul>
   *   <li>when {@code COMPOSE_FILE} is set (in {@code processEnv}, else in the {@code .env} of the
   *       directory) and lists {@code composeFile} (or no file is given): exactly the files it
   *       lists, split on {@code COMPOSE_PATH_SEPARATOR} (default: the OS path separator) and
   *       resolved against {@code cwd} (against the directory, for a list from {@code .env}); no
   *       override file is added;
   *   <li>otherwise the base ({@code composeFile}, or the first of {@link
   *       ComposeFile#DEFAULT_NAMES} in {@code cwd}) and the first existing of {@link
   *       #OVERRIDE_NAMES} beside it.
   * </ul>
   *
   * @param composeFile the base file, or null to find it in {@code cwd}
   * @throws ComposeException when a listed file is missing or a file does not parse
   */
  public static ComposeProject discover(
      Path composeFile, Path cwd, Map<String, String> processEnv) {
    Path dir = composeFile != null
        ? composeFile.toAbsolutePath().normalize().getParent() : cwd.toAbsolutePath();
    // the .env of dir, read here only when COMPOSE_FILE may be in it (null: not read)
    Optional<DotEnv> dotEnv = processEnv.containsKey("COMPOSE_FILE") ? null : readDotEnv(dir);
    List<Path> list = composeFileList(cwd.toAbsolutePath(), dir, processEnv, dotEnv);
    if (!list.isEmpty()
        && (composeFile == null || list.contains(composeFile.toAbsolutePath().normalize()))) {
      List<ComposeFile> files = new ArrayList<>();
      for (Path p : list) {
        if (!Files.isRegularFile(p)) {
          throw ComposeException.of(Kind.IO, p.toString(),
              "COMPOSE_FILE names this file, but it does not exist",
              "Fix COMPOSE_FILE (in the environment or in .env), or give the file with --compose.");
        }
        files.add(files.isEmpty() ? ComposeFile.read(p) : ComposeFile.readOverride(p));
      }
      return withDotEnv(
          new ComposeProject(files, true, directoryOf(files.get(0)), processEnv), dir, dotEnv);
    }
    Path base = composeFile != null ? composeFile
        : ComposeFile.discover(dir, Map.of());
    List<ComposeFile> files = new ArrayList<>(List.of(ComposeFile.read(base)));
    existingOverride(base)
        .filter(o -> !o.toAbsolutePath().normalize().equals(base.toAbsolutePath().normalize()))
        .ifPresent(o -> files.add(ComposeFile.readOverride(o)));
    return withDotEnv(
        new ComposeProject(files, false, directoryOf(files.get(0)), processEnv), dir, dotEnv);
  }

  private static Optional<DotEnv> readDotEnv(Path dir) {
    Path p = dir.resolve(".env");
    return Files.isRegularFile(p) ? Optional.of(DotEnv.read(p)) : Optional.empty();
  }

  /** The project, keeping the {@code .env} already read from its directory (not read twice). */
  private static ComposeProject withDotEnv(ComposeProject p, Path dir, Optional<DotEnv> dotEnv) {
    if (dotEnv != null && p.directory.equals(dir)) {
      p.dotEnv = dotEnv;
    }
    return p;
  }

  /**
   * The files COMPOSE_FILE lists (absolute, normalized): from the process environment, relative to
   * the working directory, else from the {@code .env} of the project directory, relative to it;
   * empty when it is not set.
   */
  private static List<Path> composeFileList(
      Path cwd, Path dir, Map<String, String> processEnv, Optional<DotEnv> dotEnv) {
    Map<String, String> vars = processEnv;
    Path relativeTo = cwd;
    if (dotEnv != null && dotEnv.isPresent()) {
      vars = new HashMap<>(dotEnv.get().values(n -> Optional.ofNullable(processEnv.get(n))));
      vars.putAll(processEnv);
      relativeTo = dir;
    }
    String value = vars.get("COMPOSE_FILE");
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String sep = vars.getOrDefault("COMPOSE_PATH_SEPARATOR", java.io.File.pathSeparator);
    List<Path> out = new ArrayList<>();
    for (String part : value.split(java.util.regex.Pattern.quote(
        sep.isEmpty() ? java.io.File.pathSeparator : sep))) {
      if (!part.isBlank()) {
        out.add(relativeTo.resolve(part.trim()).toAbsolutePath().normalize());
      }
    }
    return out;
  }

  /** The first existing of {@link #OVERRIDE_NAMES} beside the base. */
  public static Optional<Path> existingOverride(Path base) {
    return OVERRIDE_NAMES.stream().map(base::resolveSibling).filter(Files::isRegularFile)
        .findFirst();
  }

  /**
   * The override file for a base: the existing one, else the name that matches the base ({@code
   * compose.override.yaml} beside {@code compose.yaml}, {@code docker-compose.override.yml} beside
   * {@code docker-compose.yml}, and so on; {@code docker-compose.override.yml} for other names).
   */
  public static Path defaultOverride(Path base) {
    return existingOverride(base).orElseGet(() -> {
      String name = base.getFileName().toString();
      String ext = name.endsWith(".yaml") ? "yaml" : "yml";
      String stem = name.startsWith("compose.") ? "compose" : "docker-compose";
      return base.resolveSibling(stem + ".override." + ext);
    });
  }

  /** Whether the files came from a COMPOSE_FILE list (compose then adds no override file). */
  public boolean fromComposeFileList() {
    return listed;
  }

  /** Whether the project loads this file. */
  public boolean loads(Path file) {
    Path p = file.toAbsolutePath().normalize();
    return files.stream().anyMatch(f -> f.path()
        .map(q -> q.toAbsolutePath().normalize().equals(p)).orElse(false));
  }

  /**
   * This project with {@code extra} loaded last: an override file that compose would not load by
   * itself, or, when it does not exist, one about to be created with {@code textIfMissing}.
   */
  public ComposeProject with(Path extra, String textIfMissing) {
    List<ComposeFile> all = new ArrayList<>(files);
    all.add(Files.exists(extra) ? ComposeFile.readOverride(extra)
        : ComposeFile.absent(extra, textIfMissing));
    return new ComposeProject(all, listed, directory, processEnv);
  }

  /**
   * The project as it would be with the given files' new texts (compose files and env files, by
   * absolute path): what an edit would make of it, computed in memory.
   */
  ComposeProject edited(Map<Path, String> texts) {
    List<ComposeFile> all = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ComposeFile f = files.get(i);
      String t = f.path().map(p -> texts.get(p.toAbsolutePath().normalize())).orElse(null);
      all.add(t == null ? f : i == 0 ? ComposeFile.parse(f.label(), t)
          : ComposeFile.parseOverride(f.label(), t));
    }
    ComposeProject p = new ComposeProject(all, listed, directory, processEnv);
    texts.forEach((path, text) -> {
      if (!loads(path)) {
        p.envFiles.put(path, DotEnv.parse(path.toString(), text));
      }
    });
    return p;
  }

  /**
   * A file of the project named as the base is: relative to the directory of a relative base
   * label (e.g. {@code envs/worker.env} beside {@code docker-compose.yml}), else absolute.
   */
  public String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path label = Path.of(base().label());
    if (label.isAbsolute() || !abs.startsWith(directory)) {
      return abs.toString();
    }
    Path rel = directory.relativize(abs);
    return label.getParent() == null ? rel.toString() : label.getParent().resolve(rel).toString();
  }

  /** {@link #display} of a place's file, with its line: where a definition is, for people. */
  public String display(Place place) {
    Path f = Path.of(place.file());
    return (f.isAbsolute() ? display(f) : place.file()) + ":" + place.line();
  }

  /** The text of a place's line, for a compose file or env file this project has read. */
  String sourceLine(Place place) {
    for (ComposeFile f : files) {
      if (f.label().equals(place.file())) {
        return f.src.line(place.line() - 1);
      }
    }
    DotEnv d = envFiles.get(Path.of(place.file()));
    if (d == null && dotEnv != null && dotEnv.isPresent()
        && dotEnv.get().label().equals(place.file())) {
      d = dotEnv.get();
    }
    return d == null ? "" : d.src.line(place.line() - 1);
  }

  /** The services that read this env file. */
  public List<String> envFileUsers(Path envFile) {
    if (envFileUsers == null) {
      Map<Path, List<String>> users = new HashMap<>();
      for (String s : serviceNames()) {
        envFiles(s).forEach(ef -> users.computeIfAbsent(ef.path(), k -> new ArrayList<>()).add(s));
      }
      envFileUsers = users;
    }
    return List.copyOf(envFileUsers.getOrDefault(envFile.toAbsolutePath().normalize(), List.of()));
  }

  private static Path directoryOf(ComposeFile file) {
    Path p = file.path().map(Path::toAbsolutePath).map(Path::getParent).orElse(null);
    return p != null ? p : Path.of("").toAbsolutePath();
  }

  /** The compose files, base first. */
  public List<ComposeFile> files() {
    return files;
  }

  /** The first compose file. */
  public ComposeFile base() {
    return files.get(0);
  }

  /** The project directory: that of the first compose file. */
  public Path directory() {
    return directory;
  }

  /** The {@code .env} file of the project directory, if there is one. */
  public Optional<DotEnv> dotEnv() {
    if (dotEnv == null) {
      dotEnv = readDotEnv(directory);
    }
    return dotEnv;
  }

  /**
   * A variable as compose interpolation sees it: the process environment, then {@code .env}.
   *
   * @throws ComposeException when {@code .env} cannot be read or parsed
   */
  public Optional<String> variable(String name) {
    String v = processEnv.get(name);
    if (v != null) {
      return Optional.of(v);
    }
    if (dotEnvValues == null) {
      dotEnvValues = dotEnv().map(d -> d.values(n -> Optional.ofNullable(processEnv.get(n))))
          .orElse(Map.of());
    }
    return Optional.ofNullable(dotEnvValues.get(name));
  }

  /** Where a variable of the interpolation environment comes from: "environment" or a place. */
  public String variableSource(String name) {
    if (processEnv.containsKey(name)) {
      return "the environment";
    }
    return dotEnv()
        .flatMap(d -> d.entry(name).map(e -> d.place(e.keyStart()).fileAndLine()))
        .orElse("nowhere");
  }

  /** Service names in order: the first file's, then those only later files add. */
  public List<String> serviceNames() {
    Set<String> names = new LinkedHashSet<>();
    files.forEach(f -> names.addAll(f.serviceNames()));
    return new ArrayList<>(names);
  }

  /** The service's env files, in the order compose reads them (duplicates once). */
  public List<EnvFile> envFiles(String service) {
    Map<Path, EnvFile> out = new LinkedHashMap<>();
    boolean found = false;
    for (ComposeFile f : files) {
      EnvModel.ServiceEnv se = f.model().services.get(service);
      if (se == null) {
        continue;
      }
      found = true;
      if (se.node.kind != YNode.Kind.MAPPING) {
        continue;
      }
      EnvModel.Entry e = f.model().effective(se.node).get("env_file");
      if (e == null) {
        continue;
      }
      for (EnvFile ef : envFileEntries(f, e.value())) {
        out.putIfAbsent(ef.path(), ef);
      }
    }
    if (!found) {
      throw base().unknownService(List.of(service));
    }
    return new ArrayList<>(out.values());
  }

  private List<EnvFile> envFileEntries(ComposeFile f, YNode ref) {
    YNode node = ref.deref();
    List<EnvFile> out = new ArrayList<>();
    if (node.kind == YNode.Kind.SCALAR) {
      if (!node.isNull()) {
        out.add(envFile(f, node, node, true));
      }
      return out;
    }
    if (node.kind != YNode.Kind.SEQUENCE) {
      throw ComposeException.at(f.src, Kind.INVALID, ref.start,
          "env_file must be a path, a list of paths, or a list of {path, required}",
          "Write e.g. 'env_file: ./worker.env'.");
    }
    for (YNode item : node.children) {
      YNode d = item.deref();
      if (d.kind == YNode.Kind.SCALAR && !d.isNull()) {
        out.add(envFile(f, item, d, true));
      } else if (d.kind == YNode.Kind.MAPPING && d.get("path") != null
          && d.get("path").deref().kind == YNode.Kind.SCALAR) {
        YNode req = d.get("required");
        boolean required = req == null
            || !"false".equalsIgnoreCase(interpolate(f, req.deref(), req.deref().value).trim());
        out.add(envFile(f, item, d.get("path").deref(), required));
      } else {
        throw ComposeException.at(f.src, Kind.INVALID, item.start,
            "an env_file entry must be a path or a mapping with 'path' (and 'required')",
            "Write e.g. '- path: ./worker.env' with 'required: false' on the next line.");
      }
    }
    return out;
  }

  private EnvFile envFile(ComposeFile f, YNode at, YNode pathNode, boolean required) {
    String p = interpolate(f, pathNode, pathNode.value);
    Path base = f.path().map(Path::toAbsolutePath).map(Path::getParent).orElse(directory);
    return new EnvFile(base.resolve(p).normalize(), required, Place.of(f.src, at.start));
  }

  /**
   * The service's effective environment, as its container gets it: env files in order, then
   * {@code environment:} (which wins); across compose files, later files win key by key. Values
   * are as written; {@link #value} interpolates one.
   *
   * @throws ComposeException for an unknown service, or a required env file that is missing or
   *     malformed
   */
  public Map<String, EnvVar> environment(String service) {
    Map<String, EnvVar> fromFiles = new LinkedHashMap<>();
    for (EnvFile ef : envFiles(service)) {
      Optional<DotEnv> env = envFile(ef);
      env.ifPresent(d -> d.entries().forEach(e -> fromFiles.put(e.key(),
          new EnvVar(e.key(), e.literal(), d.place(e.keyStart()), Origin.ENV_FILE))));
    }
    Map<String, EnvVar> result = new LinkedHashMap<>(fromFiles);
    for (ComposeFile f : files) {
      EnvModel.ServiceEnv se = f.model().services.get(service);
      if (se == null || se.envNode == null) {
        continue;
      }
      for (EnvModel.Var v : f.model().located(se.envNode)) {
        result.put(v.name(),
            new EnvVar(v.name(), v.value(), Place.of(f.src, v.at().start), Origin.ENVIRONMENT));
      }
    }
    return result;
  }

  /**
   * The env file as parsed; empty when it is missing and not required.
   *
   * @throws ComposeException when a required file is missing, or the file is malformed
   */
  public Optional<DotEnv> envFile(EnvFile ef) {
    DotEnv cached = envFiles.get(ef.path());
    if (cached != null) {
      return Optional.of(cached);
    }
    if (!Files.exists(ef.path())) {
      if (!ef.required()) {
        return Optional.empty();
      }
      throw ComposeException.of(Kind.IO, ef.place().toString(),
          "env_file " + ef.path() + " does not exist",
          "Create it, fix the path, or mark it optional with 'required: false' (long syntax).");
    }
    DotEnv d = DotEnv.read(ef.path());
    envFiles.put(ef.path(), d);
    return Optional.of(d);
  }

  /**
   * A variable's value as the container gets it: interpolated (compose files) or parsed and
   * interpolated (env files); a name given alone takes its value from the environment. Empty when
   * there is no value.
   *
   * @throws ComposeException at the variable's place for {@code ${VAR:?message}} without VAR, or
   *     a malformed reference
   */
  public Optional<String> value(EnvVar var) {
    if (var.origin() == Origin.ENV_FILE) {
      Path path = Path.of(var.place().file());
      DotEnv d = envFiles.get(path);
      if (d == null) {
        throw new IllegalArgumentException(var.place() + " is not an env file of this project");
      }
      return Optional.ofNullable(
          envFileValues.computeIfAbsent(path, p -> d.values(this::variable)).get(var.name()));
    }
    if (var.written() == null) {
      return variable(var.name());
    }
    try {
      return Optional.of(Interpolation.interpolate(var.written(), this::variable));
    } catch (Interpolation.Failure e) {
      throw ComposeException.of(Kind.INVALID, var.place().toString(),
          var.name() + ": " + e.getMessage(), INTERPOLATION_HINT);
    }
  }

  private static final String INTERPOLATION_HINT =
      "Set the variable in the environment or in the .env file beside the compose file, give it a"
          + " default (${VAR:-default}), or write a literal '$' as '$$'.";

  /** {@code text}, written at {@code node} of {@code f}, interpolated; failures point there. */
  String interpolate(ComposeFile f, YNode node, String text) {
    try {
      return Interpolation.interpolate(text, this::variable);
    } catch (Interpolation.Failure e) {
      throw ComposeException.at(f.src, Kind.INVALID, node.start, e.getMessage(), INTERPOLATION_HINT);
    }
  }
}
