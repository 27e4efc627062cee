package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.yaml.YNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The top-level {@code include} of compose 2.20 and later: the string form ({@code - other.yml})
 * and the long form ({@code path}, one file or a list merged like {@code -f}, {@code env_file},
 * {@code project_directory}), read recursively (an included file may include others). The
 * included services join the project for reading (worker detection, environment, status, lint);
 * they are never edited through the including project, since an included file may serve other
 * projects too. A service that an included file and the including files both define is an error
 * at the include entry, as docker compose reports it.
 *
 * <p>Public only for {@link Included}, the view of one entry that {@link
 * ComposeProject#included()} gives {@code compose.edit} and {@code compose.lint}.
 */
public final class Includes {
  /**
   * One include entry: the files it loads (base first), where it is written, and its options.
   *
   * @param files the included compose files, in {@code -f} order
   * @param place where the entry is written in the including file
   * @param projectDirectory the included project's directory (relative paths in it resolve
   *     there), by default that of its first file
   */
  public record Included(List<ComposeFile> files, ComposeFile from, int at, Path projectDirectory) {
    /** Where the entry is written. */
    public Place place() {
      return Place.of(from.src, at);
    }

    /** The first file, which names the entry in messages. */
    public ComposeFile first() {
      return files.get(0);
    }
  }

  private Includes() {}

  /**
   * Every include of the project's files, recursively, checked against the project's services.
   *
   * @throws ComposeException at the entry for a missing file, a malformed entry, or a service
   *     the included file and the project both define
   */
  static List<Included> read(List<ComposeFile> files) {
    List<Included> out = new ArrayList<>();
    Set<Path> visiting = new HashSet<>();
    for (ComposeFile f : files) {
      read(f, out, visiting);
    }
    Set<String> own = new HashSet<>();
    files.forEach(f -> own.addAll(f.serviceNames()));
    Set<String> included = new HashSet<>();
    for (Included inc : out) {
      for (ComposeFile f : inc.files()) {
        for (String s : f.serviceNames()) {
          if (own.contains(s) || !included.add(s) && !inc.files().stream()
              .limit(inc.files().indexOf(f)).anyMatch(g -> g.serviceNames().contains(s))) {
            throw conflict(inc, f, s);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private static ComposeException conflict(Included inc, ComposeFile f, String service) {
    return ComposeException.at(inc.from().src, Kind.INVALID, inc.at(),
        "service " + service + " of the included file " + f.label()
            + " conflicts with a service of the same name in the project",
        "Rename one of them, or define " + service + " in one file only; include does not"
            + " merge services.");
  }

  private static void read(ComposeFile from, List<Included> out, Set<Path> visiting) {
    YNode list = from.root.get("include");
    if (list == null || list.deref().isNull()) {
      return;
    }
    YNode seq = list.deref();
    if (seq.kind != YNode.Kind.SEQUENCE) {
      throw ComposeException.at(from.src, Kind.INVALID, seq.start,
          "include must be a list of files or of {path, env_file, project_directory}",
          "Write e.g. 'include:\\n  - ./workers.yml'.");
    }
    Path dir = from.path().map(Path::toAbsolutePath).map(Path::getParent)
        .orElse(Path.of("").toAbsolutePath());
    for (YNode item : seq.children) {
      YNode d = item.deref();
      List<YNode> paths = new ArrayList<>();
      Path projectDir = null;
      if (d.kind == YNode.Kind.SCALAR && !d.isNull()) {
        paths.add(d);
      } else if (d.kind == YNode.Kind.MAPPING && d.get("path") != null) {
        YNode p = d.get("path").deref();
        if (p.kind == YNode.Kind.SEQUENCE) {
          p.children.forEach(c -> paths.add(c.deref()));
        } else {
          paths.add(p);
        }
        YNode pd = d.get("project_directory");
        if (pd != null && pd.deref().kind == YNode.Kind.SCALAR && !pd.deref().isNull()) {
          projectDir = dir.resolve(pd.deref().value).normalize();
        }
      } else {
        throw ComposeException.at(from.src, Kind.INVALID, item.start,
            "an include entry must be a path or a mapping with 'path'",
            "Write e.g. '- ./workers.yml' or '- path: ./workers.yml'.");
      }
      List<ComposeFile> files = new ArrayList<>();
      for (YNode p : paths) {
        if (p.kind != YNode.Kind.SCALAR || p.isNull()) {
          throw ComposeException.at(from.src, Kind.INVALID, p.start,
              "an include path must be a file name", "Write e.g. 'path: ./workers.yml'.");
        }
        Path file = dir.resolve(p.value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
          throw ComposeException.at(from.src, Kind.INVALID, p.start,
              "include names the file " + file + ", which does not exist",
              "Fix the path (it is relative to " + dir + "), or create the file.");
        }
        if (!visiting.add(file)) {
          throw ComposeException.at(from.src, Kind.INVALID, p.start,
              "include names " + file + ", which the project already includes (twice, or in a"
                  + " cycle)",
              "Include each file once.");
        }
        files.add(ComposeFile.readOverride(file));
      }
      Included inc = new Included(files, from, item.start,
          projectDir != null ? projectDir : files.get(0).path().orElseThrow().getParent());
      out.add(inc);
      for (ComposeFile f : files) {
        read(f, out, visiting);
      }
    }
  }
}
