package io.testbed.plugins.compose;

import io.testbed.plugins.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which services are Testbed workers.
 *
 * <p>By default a service is a worker when its image's last path segment is {@code
 * tensorflow2-cpu}, {@code tensorflow2-gpu}, {@code pytorch-cpu} or {@code pytorch-gpu} (any
 * registry, port, namespace, tag or digest), or when its {@code command}/{@code entrypoint} names a
 * worker queue ({@code tensorflow_cpu}, {@code tensorflow_gpu}, {@code pytorch_cpu}, {@code
 * pytorch_gpu}). The restapi, minio, mlflow-tracking, redis, nginx and database services (by name
 * or image) are never workers by default. {@link WorkerSelection} overrides all of this.
 */
public final class WorkerSelector {
  static final Set<String> WORKER_IMAGES =
      Set.of("tensorflow2-cpu", "tensorflow2-gpu", "pytorch-cpu", "pytorch-gpu");
  static final List<String> WORKER_QUEUES =
      List.of("tensorflow_cpu", "tensorflow_gpu", "pytorch_cpu", "pytorch_gpu");
  static final List<String> INFRASTRUCTURE =
      List.of("restapi", "minio", "mlflow-tracking", "redis", "nginx", "database", "db",
          "postgres", "mlflow");

  private WorkerSelector() {}

  /** One choice per service, in file order. */
  public static List<ServiceChoice> select(ComposeFile file, WorkerSelection selection) {
    return select(ComposeProject.of(List.of(file), Map.of()), selection);
  }

  /**
   * One choice per service of the merged project, included files too (a service's image, command
   * and entrypoint are those of the last definition that sets them, as docker compose merges
   * files and {@code extends}).
   */
  public static List<ServiceChoice> select(ComposeProject files, WorkerSelection selection) {
    ComposeFile file = files.base();
    List<String> names = files.serviceNames();
    List<String> unknown = new ArrayList<>();
    for (String n : selection.services()) {
      if (!names.contains(n)) {
        unknown.add(n);
      }
    }
    for (String n : selection.excludeServices()) {
      if (!names.contains(n) && !unknown.contains(n)) {
        unknown.add(n);
      }
    }
    if (!unknown.isEmpty()) {
      throw file.unknownService(unknown);
    }
    List<ServiceChoice> out = new ArrayList<>();
    for (String name : names) {
      ServiceChoice c;
      if (selection.excludeServices().contains(name)) {
        c = new ServiceChoice(name, false, "excluded with --exclude-service");
      } else if (!selection.services().isEmpty()) {
        c = selection.services().contains(name)
            ? new ServiceChoice(name, true, "named with --service")
            : new ServiceChoice(name, false, "not named with --service");
      } else if (selection.all()) {
        c = new ServiceChoice(name, true, "--all-services");
      } else if (!selection.imagePatterns().isEmpty()) {
        c = byPattern(files, name, selection.imagePatterns());
      } else {
        c = byDefault(files, name);
      }
      out.add(c);
    }
    return out;
  }

  /** The names of the workers in a selection result. */
  public static List<String> workers(List<ServiceChoice> choices) {
    return choices.stream().filter(ServiceChoice::worker).map(ServiceChoice::name).toList();
  }

  private static ServiceChoice byPattern(
      ComposeProject file, String name, List<String> patterns) {
    String image = image(file, name);
    if (image == null) {
      return new ServiceChoice(name, false, "has no image to match --image-pattern");
    }
    for (int i = 0; i < patterns.size(); i++) {
      if (globMatches(patterns.get(i), image)) {
        return new ServiceChoice(name, true,
            "image " + image + " matches --image-pattern " + patterns.get(i));
      }
    }
    return new ServiceChoice(name, false, "image " + image + " matches no --image-pattern");
  }

  private static ServiceChoice byDefault(ComposeProject file, String name) {
    String image = image(file, name);
    String segment = image == null ? null : lastSegment(image);
    for (String infra : INFRASTRUCTURE) {
      if (name.equals(infra) || name.endsWith("-" + infra) || infra.equals(segment)) {
        return new ServiceChoice(name, false,
            "infrastructure service (" + infra + "), never a worker by default");
      }
    }
    if (segment != null && WORKER_IMAGES.contains(segment)) {
      return new ServiceChoice(name, true,
          "image " + image + " is a Testbed worker image (" + segment + ")");
    }
    for (String key : List.of("command", "entrypoint")) {
      String queue = queueIn(file, name, key);
      if (queue != null) {
        return new ServiceChoice(name, true, key + " names worker queue " + queue);
      }
    }
    return new ServiceChoice(name, false,
        image == null ? "no worker image and no worker queue in command/entrypoint"
            : "image " + image + " is not a worker image, and no worker queue in"
                + " command/entrypoint");
  }

  /** The last path segment of an image reference, without tag or digest. */
  static String lastSegment(String image) {
    String s = image;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int slash = s.lastIndexOf('/');
    String seg = slash >= 0 ? s.substring(slash + 1) : s;
    int colon = seg.indexOf(':');
    return colon >= 0 ? seg.substring(0, colon) : seg;
  }

  private static String image(ComposeProject file, String name) {
    YNode v = value(file, name, "image");
    return v != null && v.kind == YNode.Kind.SCALAR && !v.isNull() ? v.value : null;
  }

  private static String queueIn(ComposeProject file, String name, String key) {
    YNode v = value(file, name, key);
    if (v == null) {
      return null;
    }
    List<String> words = new ArrayList<>();
    if (v.kind == YNode.Kind.SCALAR) {
      words.add(v.value);
    } else if (v.kind == YNode.Kind.SEQUENCE) {
      for (YNode item : v.children) {
        if (item.deref().kind == YNode.Kind.SCALAR) {
          words.add(item.deref().value);
        }
      }
    }
    for (String w : words) {
      for (String token : w.split("[^A-Za-z0-9_]+")) {
        if (WORKER_QUEUES.contains(token)) {
          return token;
        }
      }
    }
    return null;
  }

  /** The service's value for a key in the last definition (file or extends base) that sets it. */
  private static YNode value(ComposeProject project, String name, String key) {
    List<Extends.Definition> defs = project.definitions(name);
    for (int i = defs.size() - 1; i >= 0; i--) {
      ComposeFile file = defs.get(i).file();
      EnvModel.ServiceEnv se = file.model().services.get(defs.get(i).name());
      if (se.node.kind != YNode.Kind.MAPPING) {
        continue;
      }
      EnvModel.Entry e = file.model().effective(se.node).get(key);
      if (e != null) {
        return e.value().deref();
      }
    }
    return null;
  }

  /**
   * Whether {@code s} matches {@code glob} ({@code *}: any run, {@code ?}: any one char). Greedy,
   * going back only to the last {@code *}: time at most the product of the lengths, never
   * exponential as a regular expression with several {@code .*} can be.
   */
  static boolean globMatches(String glob, String s) {
    int g = 0;
    int i = 0;
    int star = -1;
    int resume = 0;
    while (i < s.length()) {
      if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == s.charAt(i))
          && glob.charAt(g) != '*') {
        g++;
        i++;
      } else if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        resume = i;
      } else if (star >= 0) {
        g = star + 1;
        i = ++resume;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }
}
