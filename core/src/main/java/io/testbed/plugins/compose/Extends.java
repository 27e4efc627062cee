package io.testbed.plugins.compose;

import io.testbed.plugins.compose.ComposeException.Kind;
import io.testbed.plugins.yaml.YNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A compose project's services as docker compose merges them: each service is the list of its
 * definitions in merge order, the deepest {@code extends} base first and the service's own
 * definition in each compose file last (later ones win). {@code extends} is read in both forms
 * ({@code extends: base} and {@code extends: {service: base, file: common.yml}}), chained; an
 * extended file is read once, relative to the file that names it, and is never part of the
 * project's edits. A service of an included file is read in that file ({@link Includes}).
 *
 * <p>The spec's merge rules for what the project reads: {@code image}, {@code command} and {@code
 * entrypoint} are replaced (the last definition that sets one wins), {@code env_file} entries are
 * appended (each file once), and {@code environment} is merged key by key.
 */
final class Extends {
  /** One mapping that contributes to a service: service {@code name} as {@code file} defines it. */
  record Definition(ComposeFile file, String name) {}

  private final ComposeProject project;
  private final Map<Path, ComposeFile> extendedFiles = new HashMap<>();
  private final Map<String, List<Definition>> byService = new HashMap<>();
  private Map<String, List<String>> extenders;

  Extends(ComposeProject project) {
    this.project = project;
  }

  /**
   * The definitions of a service in merge order: for each compose file that defines it (or else
   * the included file that does), its {@code extends} chain, base first, then the definition.
   *
   * @throws ComposeException at the {@code extends} entry for a missing file or service, or a
   *     cycle; for an unknown service
   */
  List<Definition> definitions(String service) {
    List<Definition> cached = byService.get(service);
    if (cached != null) {
      return cached;
    }
    List<Definition> out = new ArrayList<>();
    for (ComposeFile f : project.files()) {
      if (f.model().services.containsKey(service)) {
        chain(f, service, out, new LinkedHashSet<>());
      }
    }
    if (out.isEmpty()) {
      Optional<Includes.Included> inc = project.includedService(service);
      if (inc.isEmpty()) {
        throw project.base().unknownService(List.of(service));
      }
      for (ComposeFile f : inc.get().files()) {
        if (f.model().services.containsKey(service)) {
          chain(f, service, out, new LinkedHashSet<>());
        }
      }
    }
    byService.put(service, List.copyOf(out));
    return byService.get(service);
  }

  /**
   * The other services of the project whose definitions include {@code service}'s own (they
   * extend it, directly or not). Indexed once, when first asked.
   */
  List<String> extenders(String service) {
    if (extenders == null) {
      extenders = new HashMap<>();
      for (String s : project.serviceNames()) {
        for (Definition d : definitions(s)) {
          if (!d.name().equals(s) && project.files().contains(d.file())) {
            extenders.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(s);
          }
        }
      }
    }
    return extenders.getOrDefault(service, List.of()).stream().distinct().toList();
  }

  private void chain(ComposeFile f, String service, List<Definition> out, Set<String> seen) {
    String key = f.label() + "\u0000" + service;
    EnvModel.ServiceEnv se = f.model().services.get(service);
    if (se.node.kind == YNode.Kind.MAPPING) {
      EnvModel.Entry e = f.model().effective(se.node).get("extends");
      if (e != null && !e.value().deref().isNull()) {
        seen.add(key);
        YNode v = e.value().deref();
        YNode serviceNode = v;
        ComposeFile baseFile = f;
        if (v.kind == YNode.Kind.MAPPING) {
          serviceNode = v.get("service") == null ? null : v.get("service").deref();
          YNode fileNode = v.get("file") == null ? null : v.get("file").deref();
          if (fileNode != null && fileNode.kind == YNode.Kind.SCALAR && !fileNode.isNull()) {
            baseFile = extended(f, fileNode);
          }
        }
        if (serviceNode == null || serviceNode.kind != YNode.Kind.SCALAR || serviceNode.isNull()) {
          throw ComposeException.at(f.src, Kind.INVALID, v.start,
              "extends of service " + service + " names no service",
              "Write 'extends: BASE' or 'extends: {service: BASE, file: FILE}'.");
        }
        String base = project.interpolate(f, serviceNode, serviceNode.value);
        if (!baseFile.model().services.containsKey(base)) {
          throw ComposeException.at(f.src, Kind.INVALID, serviceNode.start,
              "service " + service + " extends " + base + ", which " + baseFile.label()
                  + " does not define",
              "Fix the name, or define " + base + " in " + baseFile.label() + ".");
        }
        if (seen.contains(baseFile.label() + "\u0000" + base)) {
          throw ComposeException.at(f.src, Kind.INVALID, serviceNode.start,
              "extends cycle: service " + service + " extends " + base + ", which extends "
                  + service + " again (through " + String.join(" -> ", names(seen)) + ")",
              "Remove one of the extends entries of the cycle.");
        }
        chain(baseFile, base, out, seen);
      }
    }
    out.add(new Definition(f, service));
  }

  private static List<String> names(Set<String> seen) {
    return seen.stream().map(k -> k.substring(k.indexOf('\u0000') + 1)).toList();
  }

  /** The file an {@code extends.file} names, read once, relative to the file that names it. */
  private ComposeFile extended(ComposeFile from, YNode fileNode) {
    String name = project.interpolate(from, fileNode, fileNode.value);
    Path dir = from.path().map(Path::toAbsolutePath).map(Path::getParent)
        .orElse(project.directory());
    Path p = dir.resolve(name).normalize();
    for (ComposeFile f : project.files()) {
      if (f.path().map(q -> q.toAbsolutePath().normalize().equals(p)).orElse(false)) {
        return f;
      }
    }
    ComposeFile cached = extendedFiles.get(p);
    if (cached != null) {
      return cached;
    }
    if (!Files.isRegularFile(p)) {
      throw ComposeException.at(from.src, Kind.INVALID, fileNode.start,
          "extends names the file " + p + ", which does not exist",
          "Fix the path (it is relative to " + dir + "), or create the file.");
    }
    ComposeFile f = ComposeFile.readOverride(p);
    extendedFiles.put(p, f);
    return f;
  }
}
