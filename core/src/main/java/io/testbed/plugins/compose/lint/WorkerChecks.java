package io.testbed.plugins.compose.lint;

import static io.testbed.plugins.compose.lint.Lint.KNOWN_PLUGIN_VARIABLES;
import static io.testbed.plugins.compose.lint.Lint.MAIN_PLUGIN_VARIABLES;
import static io.testbed.plugins.compose.lint.Lint.PLUGIN_URI;
import static io.testbed.plugins.compose.lint.Lint.PLUGIN_VARIABLE;
import static io.testbed.plugins.compose.lint.Lint.S3_CREDENTIALS;
import static io.testbed.plugins.compose.lint.Lint.S3_ENDPOINT;
import static io.testbed.plugins.compose.lint.Lint.VARIABLE_TYPO;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.EnvModel;
import io.testbed.plugins.compose.Place;
import io.testbed.plugins.compose.lint.Finding.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lint's checks of workers: that each can fetch its plugins (the plugin variables are set to valid
 * {@code s3://} URIs, the S3 endpoint and credentials are there) and that no variable name is a
 * near miss of a plugin variable.
 */
final class WorkerChecks {
  private static final Pattern S3_URI = Pattern.compile(
      "s3://(?!\\d+\\.\\d+\\.\\d+\\.\\d+(?:/|$))([a-z0-9](?:[a-z0-9-]|\\.(?!\\.)){1,61}[a-z0-9])"
          + "(/.*)?");

  private final ComposeProject project;
  private final LintFindings findings;

  WorkerChecks(ComposeProject project, LintFindings findings) {
    this.project = project;
    this.findings = findings;
  }

  void worker(String w, List<String> pluginVariables) {
    Map<String, EnvVar> env;
    try {
      env = project.environment(w);
    } catch (ComposeException e) {
      findings.add(e, w);
      return;
    }
    Place service = servicePlace(w);
    List<String> required = pluginVariables.isEmpty() ? MAIN_PLUGIN_VARIABLES : pluginVariables;
    boolean any = pluginVariables.isEmpty();
    List<String> missing = required.stream().filter(n -> !env.containsKey(n)).toList();
    if (any ? missing.size() == required.size() : !missing.isEmpty()) {
      String names = any ? String.join(" or ", required) : String.join(", ", missing);
      findings.add(Severity.ERROR, PLUGIN_VARIABLE, service, "worker " + w + " has no " + names
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
        findings.add(Severity.ERROR, PLUGIN_VARIABLE, v.place(), n + " is empty in worker " + w
            + ": it cannot fetch its plugins", "Set it to the plugins' location, e.g."
            + " s3://plugins/" + (n.contains("CUSTOM") ? "custom_plugins" : "builtins") + ".",
            w, n);
      } else if (!S3_URI.matcher(value).matches()) {
        findings.add(Severity.ERROR, PLUGIN_URI, v.place(), n + " of worker " + w + " is '" + value
            + "', not a valid s3://BUCKET/PREFIX (bucket: 3-63 lowercase letters, digits, '.'"
            + " and '-')", "Write it as s3://BUCKET/PREFIX, e.g. s3://plugins/builtins.", w, n);
      }
    }
    EnvVar endpoint = env.get("MLFLOW_S3_ENDPOINT_URL");
    String endpointValue = endpoint == null ? null : value(endpoint, w);
    if (endpointValue == null || endpointValue.isBlank()) {
      findings.add(Severity.ERROR, S3_ENDPOINT, endpoint == null ? service : endpoint.place(),
          "worker " + w + (endpoint == null ? " has no" : " has an empty")
              + " MLFLOW_S3_ENDPOINT_URL: it cannot reach the object store to fetch its plugins",
          "Set MLFLOW_S3_ENDPOINT_URL to the S3 endpoint the worker can reach, e.g."
              + " http://minio:9000.", w, "MLFLOW_S3_ENDPOINT_URL");
    }
    for (String n : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
      EnvVar v = env.get(n);
      String value = v == null ? null : value(v, w);
      if (value == null || value.isEmpty()) {
        findings.add(Severity.ERROR, S3_CREDENTIALS, v == null ? service : v.place(), "worker " + w
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
        int d = Lint.distance(v.name(), known, 2);
        if (d > 0 && d <= 2) {
          findings.add(Severity.WARNING, VARIABLE_TYPO, v.place(), v.name() + " in worker " + w
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
      findings.add(e, service);
      return null;
    }
  }

  private Place servicePlace(String service) {
    for (ComposeFile f : project.files()) {
      EnvModel.ServiceEnv se = f.tree().model().services().get(service);
      if (se != null) {
        return Place.of(f.tree().source(), se.keyNode().start);
      }
    }
    return new Place(project.base().label(), 1, 1);
  }
}
