package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.compose.ComposeProject.EnvFile;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.ComposeProject.Origin;
import io.testbed.plugins.yaml.YNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compose project's effective environment: the interpolation variables (the process
 * environment, then {@code .env}), each service's env files in compose's order, and the
 * environment its container gets, with every value interpolated as compose does. Env files are
 * read lazily and once.
 */
final class ProjectEnvironment {
  private final ComposeProject project;
  private final Map<String, String> processEnv;
  private Map<String, String> dotEnvValues;
  private final Map<Path, DotEnv> envFiles = new HashMap<>();
  private final Map<Path, Map<String, String>> envFileValues = new HashMap<>();

  ProjectEnvironment(ComposeProject project, Map<String, String> processEnv) {
    this.project = project;
    this.processEnv = processEnv;
  }

  /** An env file already read (or given as an edit's new text), or null. */
  DotEnv cached(Path envFile) {
    return envFiles.get(envFile);
  }

  /** Takes {@code d} as the text of {@code envFile}, instead of reading it. */
  void put(Path envFile, DotEnv d) {
    envFiles.put(envFile, d);
  }

  /**
   * A variable as compose interpolation sees it: the process environment, then {@code .env}.
   *
   * @throws ComposeException when {@code .env} cannot be read or parsed
   */
  Optional<String> variable(String name) {
    String v = processEnv.get(name);
    if (v != null) {
      return Optional.of(v);
    }
    if (dotEnvValues == null) {
      dotEnvValues = project.dotEnv()
          .map(d -> d.values(n -> Optional.ofNullable(processEnv.get(n)))).orElse(Map.of());
    }
    return Optional.ofNullable(dotEnvValues.get(name));
  }

  /** Where a variable of the interpolation environment comes from: "environment" or a place. */
  String variableSource(String name) {
    if (processEnv.containsKey(name)) {
      return "the environment";
    }
    return project.dotEnv()
        .flatMap(d -> d.entry(name).map(e -> d.place(e.keyStart()).fileAndLine()))
        .orElse("nowhere");
  }

  /** The service's env files, in the order compose reads them (duplicates once). */
  List<EnvFile> envFiles(String service) {
    Map<Path, EnvFile> out = new LinkedHashMap<>();
    for (Extends.Definition def : project.definitions(service)) {
      ComposeFile f = def.file();
      EnvModel.ServiceEnv se = f.model().services.get(def.name());
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
    return new ArrayList<>(out.values());
  }

  /**
   * The env files the service's own definitions name, in the project's compose files (not those
   * it inherits through {@code extends}).
   */
  List<Path> ownEnvFiles(String service) {
    List<Path> out = new ArrayList<>();
    for (ComposeFile f : project.files()) {
      EnvModel.ServiceEnv se = f.model().services.get(service);
      if (se != null && se.node.kind == YNode.Kind.MAPPING) {
        EnvModel.Entry e = f.model().effective(se.node).get("env_file");
        if (e != null) {
          envFileEntries(f, e.value()).forEach(ef -> out.add(ef.path()));
        }
      }
    }
    return out;
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
    // relative to the file's directory, or an included project's project_directory
    Path base = project.included().stream().filter(inc -> inc.files().contains(f)).findFirst()
        .map(Includes.Included::projectDirectory)
        .orElseGet(() -> f.path().map(Path::toAbsolutePath).map(Path::getParent)
            .orElse(project.directory()));
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
  Map<String, EnvVar> environment(String service) {
    Map<String, EnvVar> fromFiles = new LinkedHashMap<>();
    for (EnvFile ef : envFiles(service)) {
      Optional<DotEnv> env = envFile(ef);
      env.ifPresent(d -> d.entries().forEach(e -> fromFiles.put(e.key(),
          new EnvVar(e.key(), e.literal(), d.place(e.keyStart()), Origin.ENV_FILE))));
    }
    Map<String, EnvVar> result = new LinkedHashMap<>(fromFiles);
    for (Extends.Definition def : project.definitions(service)) {
      ComposeFile f = def.file();
      EnvModel.ServiceEnv se = f.model().services.get(def.name());
      if (se.envNode == null) {
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
   * The env file as parsed; empty when it is missing. A missing file reads as empty, as compose
   * reads one marked {@code required: false}: an edit of {@code environment:} does not need it
   * ({@code environment:} wins over every env file), and {@link #missingEnvFiles} warns of it.
   *
   * @throws ComposeException when the file is malformed or cannot be read
   */
  Optional<DotEnv> envFile(EnvFile ef) {
    DotEnv cached = envFiles.get(ef.path());
    if (cached != null) {
      return Optional.of(cached);
    }
    if (!Files.exists(ef.path())) {
      return Optional.empty();
    }
    DotEnv d = DotEnv.read(ef.path());
    envFiles.put(ef.path(), d);
    return Optional.of(d);
  }

  /**
   * One line per {@code env_file} entry (required) whose file does not exist, with its {@code
   * file:line:col}: docker compose refuses to start the service until the file exists.
   */
  List<String> missingEnvFiles() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String s : project.serviceNames()) {
      for (EnvFile ef : envFiles(s)) {
        if (ef.required() && !envFiles.containsKey(ef.path()) && !Files.exists(ef.path())) {
          out.add(ef.place() + ": env_file " + project.display(ef.path()) + " of service " + s
              + " does not exist (read as empty); docker compose will refuse to start " + s
              + " until it exists");
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * A variable's value as the container gets it: interpolated (compose files) or parsed and
   * interpolated (env files); a name given alone takes its value from the environment. Empty when
   * there is no value.
   *
   * @throws ComposeException at the variable's place for {@code ${VAR:?message}} without VAR, or
   *     a malformed reference
   */
  Optional<String> value(EnvVar var) {
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
      throw ComposeException.at(
          f.src, Kind.INVALID, node.start, e.getMessage(), INTERPOLATION_HINT);
    }
  }
}
