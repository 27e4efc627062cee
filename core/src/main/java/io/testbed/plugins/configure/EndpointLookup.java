package io.testbed.plugins.configure;

import static io.testbed.plugins.configure.DeploymentS3.ENDPOINT_VARIABLE;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.Interpolation;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which {@code MLFLOW_S3_ENDPOINT_URL} counts: the workers' (else restapi's), which must agree and
 * must not be empty. Owns the endpoint variable and its value, not how the host reaches it.
 */
final class EndpointLookup {
  private final ComposeProject project;
  private final WorkerSelection selection;
  private final ProjectPlaces places;

  EndpointLookup(ComposeProject project, WorkerSelection selection, ProjectPlaces places) {
    this.project = project;
    this.selection = selection;
    this.places = places;
  }

  /** A service's endpoint variable and its value. */
  record Found(String service, EnvVar var, String value) {}

  /** The workers' endpoint variables (else restapi's); they must agree and not be empty. */
  List<Found> endpointVariables() {
    List<Found> found = new ArrayList<>();
    for (String w : WorkerSelector.workers(WorkerSelector.select(project, selection))) {
      find(w).ifPresent(found::add);
    }
    if (found.isEmpty()) {
      for (String s : project.serviceNames()) {
        if (s.equals("restapi") || s.endsWith("-restapi")) {
          find(s).ifPresent(found::add);
        }
      }
    }
    Map<String, List<Found>> byValue = new LinkedHashMap<>();
    found.forEach(f -> byValue.computeIfAbsent(f.value(), k -> new ArrayList<>()).add(f));
    if (byValue.size() > 1) {
      throw new ConfigureException("the workers disagree on " + ENDPOINT_VARIABLE + ":\n"
          + byValue.entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue().stream()
              .map(f -> f.service() + " (" + places.line(f.var().place()) + ")")
              .collect(Collectors.joining(", ")))
              .collect(Collectors.joining("\n"))
          + "\nMake them agree, or give the endpoint with --endpoint-url URL.");
    }
    return found;
  }

  Optional<Found> find(String service) {
    EnvVar v = project.environment(service).get(ENDPOINT_VARIABLE);
    if (v == null) {
      return Optional.empty();
    }
    String value = project.value(v).map(String::strip).orElse("");
    if (value.isEmpty()) {
      String what = v.written() == null || v.written().isBlank() ? " is empty"
          : " is '" + v.written() + "', which interpolates to nothing (" + unset(v) + ")";
      throw new ConfigureException(places.place(v.place()) + ": " + ENDPOINT_VARIABLE + " of "
          + service + what + ".\nSet it to the S3 URL the containers use (e.g."
          + " http://minio:9000), or give the endpoint with --endpoint-url URL.");
    }
    return Optional.of(new Found(service, v, value));
  }

  /** Why the variables a value refers to give nothing. */
  String unset(EnvVar v) {
    Set<String> names = new LinkedHashSet<>();
    Interpolation.references(v.written()).forEach(r -> names.add(r.name()));
    if (names.isEmpty()) {
      return "it is blank";
    }
    return names.stream().map(n -> project.variable(n).isPresent()
            ? n + " is empty (" + places.shorten(project.variableSource(n)) + ")"
            : n + " is not set in the environment or in .env")
        .collect(Collectors.joining(", "));
  }
}
