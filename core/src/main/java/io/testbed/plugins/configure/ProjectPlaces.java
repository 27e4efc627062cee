package io.testbed.plugins.configure;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.Interpolation;
import io.testbed.plugins.compose.Place;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How resolution messages name places in a compose project: {@code file:line} with the file
 * relative to the project directory, where an interpolated value's variables are set, and a
 * variable's value as compose would give it.
 */
final class ProjectPlaces {
  private final ComposeProject project;

  ProjectPlaces(ComposeProject project) {
    this.project = project;
  }

  String value(EnvVar v) {
    return v == null ? "" : project.value(v).map(String::strip).orElse("");
  }

  /** ", from .env:2" when the value interpolates variables; where those are set. */
  String interpolatedFrom(EnvVar... vars) {
    Set<String> sources = new LinkedHashSet<>();
    for (EnvVar v : vars) {
      List<String> names = v.written() == null ? List.of(v.name())
          : Interpolation.references(v.written()).stream().map(r -> r.name()).toList();
      names.stream().filter(n -> project.variable(n).isPresent())
          .forEach(n -> sources.add(shorten(project.variableSource(n))));
    }
    return sources.isEmpty() ? "" : ", from " + String.join(", ", sources);
  }

  /** {@code file:line}, the file relative to the project directory when inside it. */
  String line(Place p) {
    return shorten(p.fileAndLine());
  }

  /** {@code file:line:col}, likewise. */
  String place(Place p) {
    return shorten(p.toString());
  }

  String shorten(String where) {
    String dir = project.directory().toString() + java.io.File.separator;
    return where.startsWith(dir) ? where.substring(dir.length()) : where;
  }
}
