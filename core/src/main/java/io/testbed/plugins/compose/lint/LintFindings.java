package io.testbed.plugins.compose.lint;

import static io.testbed.plugins.compose.lint.Lint.INVALID;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.Place;
import io.testbed.plugins.compose.lint.Finding.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of one lint run, collected from every family of checks: each once (by check, place
 * and message), with the source line of its place; and the guard that turns input a check cannot
 * read into a finding.
 */
final class LintFindings {
  private final ComposeProject project;
  private final Map<String, Finding> findings = new LinkedHashMap<>();

  LintFindings(ComposeProject project) {
    this.project = project;
  }

  void add(Severity severity, String check, Place place, String message, String fix,
      String service, String variable) {
    findings.putIfAbsent(check + "|" + place + "|" + message, new Finding(severity, check, place,
        project.sourceLine(place), message, fix, service, variable));
  }

  void add(ComposeException e, String service) {
    Place place = new Place(e.label().orElse(project.base().label()), Math.max(e.line(), 1),
        Math.max(e.column(), 1));
    add(Severity.ERROR, INVALID, place, e.problem(), e.hint(), service, null);
  }

  /** Runs a check; input it cannot read (a bad merge key, say) becomes a finding. */
  void guarded(Runnable check, String service) {
    try {
      check.run();
    } catch (ComposeException e) {
      add(e, service);
    }
  }

  /** The findings, in the order they were found. */
  List<Finding> all() {
    return new ArrayList<>(findings.values());
  }
}
