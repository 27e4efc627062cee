package io.testbed.plugins.compose;

import io.testbed.plugins.yaml.YNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>This class owns the files of the project and how they are named for people; which files
 * make the project is {@link ProjectDiscovery}'s, and the effective environment is {@link
 * ProjectEnvironment}'s.
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
  private final ProjectEnvironment env;
  private final Extends extendsChains = new Extends(this);
  private List<Includes.Included> included;
  private Map<Path, List<String>> envFileUsers;

  private ComposeProject(List<ComposeFile> files, Path directory, Map<String, String> processEnv) {
    this(files, false, directory, processEnv);
  }

  ComposeProject(
      List<ComposeFile> files, boolean listed, Path directory, Map<String, String> processEnv) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a project has at least one compose file");
    }
    this.files = List.copyOf(files);
    this.listed = listed;
    this.directory = directory;
    this.processEnv = Map.copyOf(processEnv);
    this.env = new ProjectEnvironment(this, this.processEnv);
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
    return ProjectDiscovery.discover(composeFile, cwd, processEnv);
  }

  /** Keeps the {@code .env} of the project directory, already read (not read twice). */
  void keepDotEnv(Optional<DotEnv> dotEnv) {
    this.dotEnv = dotEnv;
  }

  /** The first existing of {@link #OVERRIDE_NAMES} beside the base. */
  public static Optional<Path> existingOverride(Path base) {
    return ProjectDiscovery.existingOverride(base);
  }

  /**
   * The override file for a base: the existing one, else the name that matches the base ({@code
   * compose.override.yaml} beside {@code compose.yaml}, {@code docker-compose.override.yml} beside
   * {@code docker-compose.yml}, and so on; {@code docker-compose.override.yml} for other names).
   */
  public static Path defaultOverride(Path base) {
    return ProjectDiscovery.defaultOverride(base);
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
  public ComposeProject edited(Map<Path, String> texts) {
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
        p.env.put(path, DotEnv.parse(path.toString(), text));
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
  public String sourceLine(Place place) {
    for (ComposeFile f : files) {
      if (f.label().equals(place.file())) {
        return f.src.line(place.line() - 1);
      }
    }
    DotEnv d = env.cached(Path.of(place.file()));
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

  static Path directoryOf(ComposeFile file) {
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
      dotEnv = ProjectDiscovery.readDotEnv(directory);
    }
    return dotEnv;
  }

  /**
   * Service names in order: the first file's, then those only later files add, then those of
   * included files ({@code include:}).
   *
   * @throws ComposeException when an include is missing, malformed or conflicts with a service
   */
  public List<String> serviceNames() {
    Set<String> names = new LinkedHashSet<>();
    files.forEach(f -> names.addAll(f.serviceNames()));
    included().forEach(inc -> inc.files().forEach(f -> names.addAll(f.serviceNames())));
    return new ArrayList<>(names);
  }

  /**
   * The included files ({@code include:}, recursively), read once.
   *
   * @throws ComposeException when an include is missing, malformed or conflicts with a service
   */
  public List<Includes.Included> included() {
    if (included == null) {
      included = Includes.read(files);
    }
    return included;
  }

  /**
   * The include entry that brings a service in, when no compose file of the project defines it:
   * such a service is read, never edited through this project.
   */
  public Optional<Includes.Included> includedService(String service) {
    if (files.stream().anyMatch(f -> f.model().services.containsKey(service))) {
      return Optional.empty();
    }
    return included().stream()
        .filter(inc -> inc.files().stream().anyMatch(f -> f.model().services.containsKey(service)))
        .findFirst();
  }

  /**
   * A service's definitions in compose's merge order: its {@code extends} chains (base first) and
   * its own definition in each file. See {@link Extends}.
   */
  List<Extends.Definition> definitions(String service) {
    return extendsChains.definitions(service);
  }

  /** The other services of the project whose definition extends this service's own. */
  public List<String> extenders(String service) {
    return extendsChains.extenders(service);
  }

  /**
   * A variable as compose interpolation sees it: the process environment, then {@code .env}.
   *
   * @throws ComposeException when {@code .env} cannot be read or parsed
   */
  public Optional<String> variable(String name) {
    return env.variable(name);
  }

  /** Where a variable of the interpolation environment comes from: "environment" or a place. */
  public String variableSource(String name) {
    return env.variableSource(name);
  }

  /**
   * The service's env files, in the order compose reads them (duplicates once), those it inherits
   * through {@code extends} first.
   */
  public List<EnvFile> envFiles(String service) {
    return env.envFiles(service);
  }

  /** The env files named by the service's own definitions, not inherited through extends. */
  public List<Path> ownEnvFiles(String service) {
    return env.ownEnvFiles(service);
  }

  /**
   * The service's effective environment, as its container gets it: env files in order, then
   * {@code environment:} (which wins); across compose files, later files win key by key. Values
   * are as written; {@link #value} interpolates one.
   *
   * @throws ComposeException for an unknown service, or an env file that is malformed (a missing
   *     one reads as empty)
   */
  public Map<String, EnvVar> environment(String service) {
    return env.environment(service);
  }

  /**
   * The env file as parsed; empty when it is missing (planned as if empty, as compose reads one
   * marked {@code required: false}; {@link #missingEnvFiles} warns of it).
   *
   * @throws ComposeException when the file is malformed or cannot be read
   */
  public Optional<DotEnv> envFile(EnvFile ef) {
    return env.envFile(ef);
  }

  /**
   * One warning line per required {@code env_file} entry whose file does not exist, starting
   * with the entry's {@code file:line:col}: docker compose will refuse to start the service until
   * the file exists. Commands that do not need the file's content read it as empty.
   */
  public List<String> missingEnvFiles() {
    return env.missingEnvFiles();
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
    return env.value(var);
  }

  /** {@code text}, written at {@code node} of {@code f}, interpolated; failures point there. */
  String interpolate(ComposeFile f, YNode node, String text) {
    return env.interpolate(f, node, text);
  }
}
