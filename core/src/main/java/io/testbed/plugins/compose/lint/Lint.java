package io.testbed.plugins.compose.lint;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a compose project (base, override files, env files) for what breaks a deployment before
 * {@code docker compose up} does, and for workers that cannot fetch their plugins. Never throws
 * for bad input: a file that cannot be read or parsed is itself a finding.
 *
 * <p>This class is the entry point and names the checks; each family of checks is a class of its
 * own ({@link VolumeNetworkChecks}, {@link VariableChecks}, {@link WorkerChecks}), all adding to
 * one {@link LintFindings}.
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
    LintFindings findings = new LintFindings(project);
    VolumeNetworkChecks declarations = new VolumeNetworkChecks(project, findings);
    VariableChecks variables = new VariableChecks(project, findings);
    WorkerChecks workerChecks = new WorkerChecks(project, findings);
    for (ComposeFile f : project.files()) {
      findings.guarded(() -> declarations.volumesAndNetworks(f), null);
      findings.guarded(() -> variables.unsetVariables(f, f.tree().root()), null);
    }
    findings.guarded(() -> project.included().forEach(inc -> inc.files().forEach(f -> {
      findings.guarded(() -> declarations.volumesAndNetworks(f), null);
      findings.guarded(() -> variables.unsetVariables(f, f.tree().root()), null);
    })), null);
    findings.guarded(variables::envFiles, null);
    for (String w : workers) {
      findings.guarded(() -> workerChecks.worker(w, pluginVariables), w);
    }
    List<String> order = project.files().stream().map(ComposeFile::label).toList();
    List<Finding> out = findings.all();
    out.sort(Comparator.<Finding>comparingInt(f -> {
      int i = order.indexOf(f.place().file());
      return i < 0 ? order.size() : i;
    }).thenComparing(f -> f.place().file()).thenComparingInt(f -> f.place().line())
        .thenComparingInt(f -> f.place().column()));
    return out;
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
