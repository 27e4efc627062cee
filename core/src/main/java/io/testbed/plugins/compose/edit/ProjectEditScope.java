package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.EnvModel;
import io.testbed.plugins.yaml.YNode;
import java.util.List;
import java.util.Set;

/**
 * Which selected services a project edit may change at all: never one that an included file
 * defines (the file may serve other projects), and never one whose own definition an unselected
 * service extends (the edit would reach that service too). Edits of a service that extends
 * another go into its own {@code environment:}, never into the base.
 */
final class ProjectEditScope {
  private ProjectEditScope() {}

  /** Why {@code service} cannot be edited in this project, or null. */
  static Refusal refusal(ComposeProject p, String service, Set<String> selected) {
    var included = p.includedService(service);
    if (included.isPresent()) {
      String file = included.get().files().stream()
          .filter(f -> f.tree().model().services().containsKey(service)).findFirst()
          .orElseThrow().label();
      return new Refusal(service, "it is defined in " + file + ", which the project includes"
          + " (include: at " + included.get().place() + "); an included file may serve other"
          + " projects too, so it is not edited through this one",
          "Edit that file itself: run the command again with --compose " + file);
    }
    List<String> others = p.extenders(service).stream()
        .filter(s -> !selected.contains(s)).toList();
    if (!others.isEmpty()) {
      return new Refusal(service, String.join(", ", others) + (others.size() == 1 ? " extends"
          : " extend") + " it and " + (others.size() == 1 ? "is" : "are") + " not selected;"
          + " editing " + service + " would change " + (others.size() == 1 ? "that service"
          : "those services") + " too",
          "Select " + String.join(", ", others) + " as well, or leave " + service + " out");
    }
    return null;
  }

  /**
   * Whether a service of the project extends another or the project includes files: then an
   * edit of one file can change services it does not show, and the project-wide check runs.
   */
  static boolean composed(ComposeProject p) {
    if (!p.included().isEmpty()) {
      return true;
    }
    for (ComposeFile f : p.files()) {
      for (EnvModel.ServiceEnv se : f.tree().model().services().values()) {
        if (se.node().kind == YNode.Kind.MAPPING
            && f.tree().model().effective(se.node()).get("extends") != null) {
          return true;
        }
      }
    }
    return false;
  }
}
