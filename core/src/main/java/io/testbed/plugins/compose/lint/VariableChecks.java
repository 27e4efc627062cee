package io.testbed.plugins.compose.lint;

import static io.testbed.plugins.compose.lint.Lint.MISSING_ENV_FILE;
import static io.testbed.plugins.compose.lint.Lint.UNSET_VARIABLE;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ComposeProject.EnvFile;
import io.testbed.plugins.compose.DotEnv;
import io.testbed.plugins.compose.Interpolation;
import io.testbed.plugins.compose.Place;
import io.testbed.plugins.compose.lint.Finding.Severity;
import io.testbed.plugins.yaml.Source;
import io.testbed.plugins.yaml.YNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lint's checks of interpolation: {@code ${VAR}} references, in compose files and in env files,
 * to variables set neither in the environment nor in {@code .env}; and env files that are missing.
 */
final class VariableChecks {
  private final ComposeProject project;
  private final LintFindings findings;

  VariableChecks(ComposeProject project, LintFindings findings) {
    this.project = project;
    this.findings = findings;
  }

  void unsetVariables(ComposeFile f, YNode node) {
    if (node.kind == YNode.Kind.SCALAR) {
      if (node.value.indexOf('$') >= 0) {
        for (Interpolation.Reference r : Interpolation.references(node.value)) {
          reference(f.tree().source(), node.start, node.end, node.value, r);
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

  void reference(Source src, int start, int end, String text, Interpolation.Reference r) {
    if (r.hasDefault() || variableSet(r.name())) {
      return;
    }
    boolean required = text.startsWith("?", r.offset() + 2 + r.name().length())
        || text.startsWith(":?", r.offset() + 2 + r.name().length());
    int at = src.text.indexOf("$" + (text.startsWith("${", r.offset()) ? "{" : "") + r.name(),
        start);
    Place place = Place.of(src, at >= 0 && at < Math.max(end, start + 1) ? at : start);
    if (required) {
      findings.add(Severity.ERROR, UNSET_VARIABLE, place, "${" + r.name() + "} is required but set"
          + " neither in the environment nor in .env; docker compose refuses the file",
          "Set " + r.name() + " in .env beside the compose file, or in the environment.",
          null, r.name());
    } else {
      findings.add(Severity.WARNING, UNSET_VARIABLE, place, "${" + r.name()
          + "} is set neither in the environment nor in .env; docker compose silently substitutes an empty string",
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

  void envFiles() {
    Set<Path> seen = new HashSet<>();
    for (String s : project.serviceNames()) {
      List<EnvFile> files;
      try {
        files = project.envFiles(s);
      } catch (ComposeException e) {
        findings.add(e, s);
        continue;
      }
      for (EnvFile ef : files) {
        if (!Files.exists(ef.path())) {
          if (ef.required()) {
            findings.add(Severity.ERROR, MISSING_ENV_FILE, ef.place(), "env_file "
                + project.display(ef.path()) + " of service " + s + " does not exist; docker compose refuses to"
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
          findings.add(e, s);
        }
      }
    }
  }

  void envFileReferences(DotEnv d) {
    Set<String> above = new HashSet<>();
    for (DotEnv.Entry e : d.entries()) {
      if (e.literal() != null && e.interpolated() && e.literal().indexOf('$') >= 0) {
        for (Interpolation.Reference r : Interpolation.references(e.literal())) {
          if (!above.contains(r.name())) {
            reference(d.source(), e.valueStart(), e.valueEnd(), e.literal(), r);
          }
        }
      }
      above.add(e.key());
    }
  }
}
