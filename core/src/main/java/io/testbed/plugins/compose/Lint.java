package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeProject.EnvFile;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.Finding.Severity;
import io.testbed.plugins.yaml.Source;
import io.testbed.plugins.yaml.YNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a compose project (base, override files, env files) for what breaks a deployment before
 * {@code docker compose up} does, and for workers that cannot fetch their plugins. Never throws
 * for bad input: a file that cannot be read or parsed is itself a finding.
 */
public final class Lint {
  public static final String INVALID = "invalid";
  public static final String UNDECLARED_VOLUME = "undeclared-volume";
  public static final String UNDECLARED_NETWORK = "undeclared-network";
  public static final String MISSING_ENV_FILE = "missing-env-file";
  public static final String UNSET_VARIABLE = "unset-variable";
  public static final String PLUGIN_VARIABLE = "plugin-variable";
  public static final String PLUGIN_URI = "plugin-uri";
  public static final String S3_ENDPOINT = "s3-endpoint";
  public static final String S3_CREDENTIALS = "s3-credentials";
  public static final String VARIABLE_TYPO = "variable-typo";

  /** The variables Testbed and Dioptra workers read their plugin locations from. */
  public static final List<String> KNOWN_PLUGIN_VARIABLES = List.of("AI_PLUGINS_S3_URI",
      "AI_CUSTOM_PLUGINS_S3_URI", "DIOPTRA_PLUGINS_S3_URI", "DIOPTRA_CUSTOM_PLUGINS_S3_URI");

  /** Without named variables, a worker needs one of these. */
  static final List<String> MAIN_PLUGIN_VARIABLES =
      List.of("AI_PLUGINS_S3_URI", "DIOPTRA_PLUGINS_S3_URI");

  private static final Pattern S3_URI = Pattern.compile(
      "s3://(?!\\d+\\.\\d+\\.\\d+\\.\\d+(?:/|$))([a-z0-9](?:[a-z0-9-]|\\.(?!\\.)){1,61}[a-z0-9])"
          + "(/.*)?");
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final ComposeProject project;
  private final Map<String, Finding> findings = new LinkedHashMap<>();

  private Lint(ComposeProject project) {
    this.project = project;
  }

  /**
   * The findings for a project, ordered by file (compose files in the project's order, then the
   * others), line and column.
   *
   * @param workers the services that must be able to fetch plugins
   * @param pluginVariables the variables every worker needs; when empty, a worker needs one of
   *     AI_PLUGINS_S3_URI or DIOPTRA_PLUGINS_S3_URI
   */
  public static List<Finding> check(
      ComposeProject project, List<String> workers, List<String> pluginVariables) {
    Lint lint = new Lint(project);
    for (ComposeFile f : project.files()) {
      lint.guarded(() -> lint.volumesAndNetworks(f), null);
      lint.guarded(() -> lint.unsetVariables(f, f.root), null);
    }
    lint.guarded(lint::envFiles, null);
    for (String w : workers) {
      lint.guarded(() -> lint.worker(w, pluginVariables), w);
    }
    List<String> order = project.files().stream().map(ComposeFile::label).toList();
    List<Finding> out = new ArrayList<>(lint.findings.values());
    out.sort(Comparator.<Finding>comparingInt(f -> {
      int i = order.indexOf(f.place().file());
      return i < 0 ? order.size() : i;
    }).thenComparing(f -> f.place().file()).thenComparingInt(f -> f.place().line())
        .thenComparingInt(f -> f.place().column()));
    return out;
  }

  private void add(Severity severity, String check, Place place, String message, String fix,
      String service, String variable) {
    findings.putIfAbsent(check + "|" + place + "|" + message, new Finding(severity, check, place,
        project.sourceLine(place), message, fix, service, variable));
  }

  private void add(ComposeException e, String service) {
    Place place = new Place(e.label().orElse(project.base().label()), Math.max(e.line(), 1),
        Math.max(e.column(), 1));
    add(Severity.ERROR, INVALID, place, e.problem(), e.hint(), service, null);
  }

  /** Runs a check; input it cannot read (a bad merge key, say) becomes a finding. */
  private void guarded(Runnable check, String service) {
    try {
      check.run();
    } catch (ComposeException e) {
      add(e, service);
    }
  }

  // ---- volumes and networks ----

  private void volumesAndNetworks(ComposeFile f) {
    Set<String> volumes = declared("volumes");
    Set<String> networks = declared("networks");
    networks.add("default");
    Map<String, List<String>> volumeUsers = new LinkedHashMap<>();
    Map<String, YNode> volumeAt = new LinkedHashMap<>();
    Map<String, List<String>> networkUsers = new LinkedHashMap<>();
    Map<String, YNode> networkAt = new LinkedHashMap<>();
    for (EnvModel.ServiceEnv se : f.model().services.values()) {
      if (se.node.kind != YNode.Kind.MAPPING) {
        continue;
      }
      Map<String, EnvModel.Entry> keys = f.model().effective(se.node);
      EnvModel.Entry vols = keys.get("volumes");
      if (vols != null && vols.value().deref().kind == YNode.Kind.SEQUENCE) {
        for (YNode item : vols.value().deref().children) {
          volumeName(f, item.deref()).filter(n -> !volumes.contains(n)).ifPresent(n -> {
            String k = n + "|" + item.deref().start;
            volumeUsers.computeIfAbsent(k, x -> new ArrayList<>()).add(se.name);
            volumeAt.put(k, item.deref());
          });
        }
      }
      EnvModel.Entry nets = keys.get("networks");
      if (nets != null && keys.get("network_mode") == null) {
        YNode n = nets.value().deref();
        List<YNode> names = new ArrayList<>();
        if (n.kind == YNode.Kind.SEQUENCE) {
          n.children.forEach(c -> names.add(c.deref()));
        } else if (n.kind == YNode.Kind.MAPPING) {
          for (int i = 0; i < n.size(); i++) {
            names.add(n.key(i).deref());
          }
        }
        for (YNode name : names) {
          if (name.kind == YNode.Kind.SCALAR && !networks.contains(interpolated(name.value))) {
            String k = interpolated(name.value) + "|" + name.start;
            networkUsers.computeIfAbsent(k, x -> new ArrayList<>()).add(se.name);
            networkAt.put(k, name);
          }
        }
      }
    }
    volumeUsers.forEach((k, users) -> add(Severity.ERROR, UNDECLARED_VOLUME,
        Place.of(f.src, volumeAt.get(k).start),
        "named volume '" + k.substring(0, k.indexOf('|')) + "' is used by " + String.join(", ",
            users) + " but not declared under the top-level 'volumes:'; docker compose refuses"
            + " the file",
        "Declare it at the top level (e.g. 'volumes:' then '  " + k.substring(0, k.indexOf('|'))
            + ": {}' or its driver options), or mount a host path ('./dir:/path') instead.",
        users.size() == 1 ? users.get(0) : null, null));
    networkUsers.forEach((k, users) -> add(Severity.ERROR, UNDECLARED_NETWORK,
        Place.of(f.src, networkAt.get(k).start),
        "network '" + k.substring(0, k.indexOf('|')) + "' is used by " + String.join(", ", users)
            + " but not declared under the top-level 'networks:'; docker compose refuses the file",
        "Declare it at the top level ('networks:' then '  " + k.substring(0, k.indexOf('|'))
            + ": {}'), or remove it from the service.",
        users.size() == 1 ? users.get(0) : null, null));
  }

  /** The names declared under a top-level key in any file of the project. */
  private Set<String> declared(String key) {
    Set<String> names = new HashSet<>();
    for (ComposeFile f : project.files()) {
      YNode n = f.root.get(key);
      if (n != null && n.deref().kind == YNode.Kind.MAPPING) {
        for (int i = 0; i < n.deref().size(); i++) {
          YNode k = n.deref().key(i).deref();
          if (k.kind == YNode.Kind.SCALAR) {
            names.add(interpolated(k.value));
          }
        }
      }
    }
    return names;
  }

  /** The named volume a service's volume entry mounts, if it is one (not a path, not anonymous). */
  private Optional<String> volumeName(ComposeFile f, YNode item) {
    String source = null;
    if (item.kind == YNode.Kind.SCALAR && !item.isNull()) {
      String spec = interpolated(item.value);
      int colon = spec.indexOf(':');
      source = colon < 0 ? null : spec.substring(0, colon);
    } else if (item.kind == YNode.Kind.MAPPING) {
      YNode type = item.get("type");
      YNode src = item.get("source");
      if (type != null && src != null && type.deref().kind == YNode.Kind.SCALAR
          && "volume".equals(type.deref().value) && src.deref().kind == YNode.Kind.SCALAR) {
        source = interpolated(src.deref().value);
      }
    }
    return Optional.ofNullable(source).filter(s -> VOLUME_NAME.matcher(s).matches());
  }

  private String interpolated(String text) {
    try {
      return Interpolation.interpolate(text, project::variable);
    } catch (Interpolation.Failure | ComposeException e) {
      return text;
    }
  }

  // ---- ${VAR} with no value ----

  private void unsetVariables(ComposeFile f, YNode node) {
    if (node.kind == YNode.Kind.SCALAR) {
      if (node.value.indexOf('$') >= 0) {
        for (Interpolation.Reference r : Interpolation.references(node.value)) {
          reference(f.src, node.start, node.end, node.value, r);
        }
      }
    } else if (node.kind == YNode.Kind.MAPPING) {
      for (int i = 0; i < node.size(); i++) {
        unsetVariables(f, node.val(i));
      }
    } else if (node.kind == YNode.Kind.SEQUENCE) {
      node.children.forEach(c -> unsetVariables(f, c));
    }
  }

  private void reference(Source src, int start, int end, String text, Interpolation.Reference r) {
    if (r.hasDefault() || variableSet(r.name())) {
      return;
    }
    boolean required = text.startsWith("?", r.offset() + 2 + r.name().length())
        || text.startsWith(":?", r.offset() + 2 + r.name().length());
    int at = src.text.indexOf("$" + (text.startsWith("${", r.offset()) ? "{" : "") + r.name(),
        start);
    Place place = Place.of(src, at >= 0 && at < Math.max(end, start + 1) ? at : start);
    if (required) {
      add(Severity.ERROR, UNSET_VARIABLE, place, "${" + r.name() + "} is required but set"
          + " neither in the environment nor in .env; docker compose refuses the file",
          "Set " + r.name() + " in .env beside the compose file, or in the environment.",
          null, r.name());
    } else {
      add(Severity.WARNING, UNSET_VARIABLE, place, "${" + r.name() + "} is set neither in the"
          + " environment nor in .env; docker compose silently substitutes an empty string",
          "Set " + r.name() + " in .env beside the compose file, give it a default ("
              + "${" + r.name() + ":-value}), or write a literal '$' as '$$'.", null, r.name());
    }
  }

  private boolean variableSet(String name) {
    try {
      return project.variable(name).isPresent();
    } catch (ComposeException e) {
      return false;
    }
  }

  // ---- env files ----

  private void envFiles() {
    Set<Path> seen = new HashSet<>();
    for (String s : project.serviceNames()) {
      List<EnvFile> files;
      try {
        files = project.envFiles(s);
      } catch (ComposeException e) {
        add(e, s);
        continue;
      }
      for (EnvFile ef : files) {
        if (!Files.exists(ef.path())) {
          if (ef.required()) {
            add(Severity.ERROR, MISSING_ENV_FILE, ef.place(), "env_file " + project.display(
                ef.path()) + " of service " + s + " does not exist; docker compose refuses to"
                + " start it", "Create the file, fix the path, or mark it optional with"
                + " 'required: false' (long syntax: '- path: FILE').", s, null);
          }
          continue;
        }
        if (!seen.add(ef.path())) {
          continue;
        }
        try {
          project.envFile(ef).ifPresent(this::envFileReferences);
        } catch (ComposeException e) {
          add(e, s);
        }
      }
    }
  }

  private void envFileReferences(DotEnv d) {
    Set<String> above = new HashSet<>();
    for (DotEnv.Entry e : d.entries()) {
      if (e.literal() != null && e.interpolated() && e.literal().indexOf('$') >= 0) {
        for (Interpolation.Reference r : Interpolation.references(e.literal())) {
          if (!above.contains(r.name())) {
            reference(d.src, e.valueStart(), e.valueEnd(), e.literal(), r);
          }
        }
      }
      above.add(e.key());
    }
  }

  // ---- workers ----

  private void worker(String w, List<String> pluginVariables) {
    Map<String, EnvVar> env;
    try {
      env = project.environment(w);
    } catch (ComposeException e) {
      add(e, w);
      return;
    }
    Place service = servicePlace(w);
    List<String> required = pluginVariables.isEmpty() ? MAIN_PLUGIN_VARIABLES : pluginVariables;
    boolean any = pluginVariables.isEmpty();
    List<String> missing = required.stream().filter(n -> !env.containsKey(n)).toList();
    if (any ? missing.size() == required.size() : !missing.isEmpty()) {
      String names = any ? String.join(" or ", required) : String.join(", ", missing);
      add(Severity.ERROR, PLUGIN_VARIABLE, service, "worker " + w + " has no " + names
          + ": it cannot fetch its plugins",
          "Run 'testbed-plugins configure' for this deployment, or set " + (any ? required.get(0)
              : missing.get(0)) + "=s3://BUCKET/PREFIX in its environment or env file.",
          w, any ? required.get(0) : missing.get(0));
    }
    Set<String> pluginNames = new java.util.LinkedHashSet<>(KNOWN_PLUGIN_VARIABLES);
    pluginNames.addAll(pluginVariables);
    for (String n : pluginNames) {
      EnvVar v = env.get(n);
      if (v == null) {
        continue;
      }
      String value = value(v, w);
      if (value == null || value.isBlank()) {
        add(Severity.ERROR, PLUGIN_VARIABLE, v.place(), n + " is empty in worker " + w
            + ": it cannot fetch its plugins", "Set it to the plugins' location, e.g."
            + " s3://plugins/" + (n.contains("CUSTOM") ? "custom_plugins" : "builtins") + ".",
            w, n);
      } else if (!S3_URI.matcher(value).matches()) {
        add(Severity.ERROR, PLUGIN_URI, v.place(), n + " of worker " + w + " is '" + value
            + "', not a valid s3://BUCKET/PREFIX (bucket: 3-63 lowercase letters, digits, '.'"
            + " and '-')", "Write it as s3://BUCKET/PREFIX, e.g. s3://plugins/builtins.", w, n);
      }
    }
    EnvVar endpoint = env.get("MLFLOW_S3_ENDPOINT_URL");
    String endpointValue = endpoint == null ? null : value(endpoint, w);
    if (endpointValue == null || endpointValue.isBlank()) {
      add(Severity.ERROR, S3_ENDPOINT, endpoint == null ? service : endpoint.place(),
          "worker " + w + (endpoint == null ? " has no" : " has an empty")
              + " MLFLOW_S3_ENDPOINT_URL: it cannot reach the object store to fetch its plugins",
          "Set MLFLOW_S3_ENDPOINT_URL to the S3 endpoint the worker can reach, e.g."
              + " http://minio:9000.", w, "MLFLOW_S3_ENDPOINT_URL");
    }
    for (String n : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
      EnvVar v = env.get(n);
      String value = v == null ? null : value(v, w);
      if (value == null || value.isEmpty()) {
        add(Severity.ERROR, S3_CREDENTIALS, v == null ? service : v.place(), "worker " + w
            + (v == null ? " has no " + n : "'s " + n + " has no value")
            + ": it cannot authenticate to fetch its plugins",
            "Set " + n + " to the object store's credentials (in its environment or env file,"
                + " or in .env as ${" + n + "}).", w, n);
      }
    }
    for (EnvVar v : env.values()) {
      if (pluginNames.contains(v.name())) {
        continue;
      }
      for (String known : pluginNames) {
        int d = distance(v.name(), known, 2);
        if (d > 0 && d <= 2) {
          add(Severity.WARNING, VARIABLE_TYPO, v.place(), v.name() + " in worker " + w
              + " looks like a misspelling of " + known + ", which the worker reads",
              "Rename it to " + known + ".", w, v.name());
          break;
        }
      }
    }
  }

  private String value(EnvVar v, String service) {
    try {
      return project.value(v).orElse(null);
    } catch (ComposeException e) {
      add(e, service);
      return null;
    }
  }

  private Place servicePlace(String service) {
    for (ComposeFile f : project.files()) {
      EnvModel.ServiceEnv se = f.model().services.get(service);
      if (se != null) {
        return Place.of(f.src, se.keyNode.start);
      }
    }
    return new Place(project.base().label(), 1, 1);
  }

  /** Levenshtein distance, or {@code max + 1} once it exceeds {@code max}. */
  static int distance(String a, String b, int max) {
    if (Math.abs(a.length() - b.length()) > max) {
      return max + 1;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int best = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        best = Math.min(best, cur[j]);
      }
      if (best > max) {
        return max + 1;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
