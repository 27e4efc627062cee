package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.edit.EditOptions.Target;
import io.testbed.plugins.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Project edits over the real-world corpus, planned only (nothing is written): every other
 * service of every file gets a variable, once in place and once through an override file (a new
 * one, beside the file). Each plan passes its own check that the effective environment of every
 * service is the old one with the variable set (the project-wide one for an override file,
 * {@code EnvEdit}'s re-parse for a lone compose file edited in place); no plan may crash or fail
 * that check.
 */
class ProjectEditCorpusTest {

  @Test
  void everyCorpusFilePlansInPlaceAndThroughAnOverrideWithTheSameEffect() throws IOException {
    Path dir = Corpus.dir();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    for (String rel : Corpus.files()) {
      Path p = dir.resolve(rel);
      ComposeProject project = ComposeProject.discover(p, p.getParent(), Map.of());
      List<String> services = new ArrayList<>();
      List<String> names;
      try {
        names = project.serviceNames();
      } catch (ComposeException e) {
        // an include whose file is not in the corpus: refused at its place, as compose does
        outcomes.merge("rejected input: " + e.problem().replaceAll(" /[^,\\s]+", " FILE"), 1,
            Integer::sum);
        continue;
      }
      for (int i = 0; i < names.size(); i += 2) {
        services.add(names.get(i));
      }
      Path override = p.resolveSibling("testbed-plugins-check.override.yml");
      for (EditOptions options : List.of(new EditOptions(Target.ENVIRONMENT, Optional.empty()),
          new EditOptions(Target.AUTO, Optional.of(override)))) {
        String mode = options.overrideFile().isPresent() ? "override" : "in place";
        try {
          ProjectPlan plan = ProjectEdit.plan(project, services,
              Map.of("AI_PLUGINS_S3_URI", "s3://plugins/securingai_builtins"), options);
          outcomes.merge(mode + (plan.refusals().isEmpty() ? " planned" : " refused"), 1,
              Integer::sum);
        } catch (ComposeException e) {
          if (e.kind() == ComposeException.Kind.INTERNAL) {
            failures.add(rel + " (" + mode + "): " + e.getMessage());
          } else {
            // an extends whose file is not in the corpus: refused at its place, as compose does
            outcomes.merge(mode + " rejected input: " + e.problem()
                .replaceAll(" /[^,\\s]+", " FILE"), 1, Integer::sum);
          }
        } catch (RuntimeException e) {
          failures.add(rel + " (" + mode + "): " + e);
        }
      }
    }
    System.out.println("project edits over the corpus: " + outcomes);
    assertThat(failures).isEmpty();
  }
}
