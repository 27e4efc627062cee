package io.testbed.plugins.compose.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Lint over the real-world corpus ({@code shared/corpus/compose}): every file is linted as a
 * project (with an override file beside it, if the corpus has one) and lint never throws; a file
 * that does not parse is reported as such. Prints the finding counts per check.
 */
class LintCorpusTest {

  @Test
  void lintNeverCrashesOnTheCorpus() throws IOException {
    Path dir = Corpus.dir();
    List<String> crashes = new ArrayList<>();
    Map<String, Integer> counts = new TreeMap<>();
    int files = 0;
    int unreadable = 0;
    int clean = 0;
    for (String rel : Corpus.files()) {
      Path p = dir.resolve(rel);
      files++;
      try {
        ComposeProject project = ComposeProject.discover(p, p.getParent(), Map.of());
        List<String> workers = WorkerSelector.workers(
            WorkerSelector.select(project, WorkerSelection.defaults()));
        List<Finding> findings = Lint.check(project, workers, List.of());
        clean += findings.isEmpty() ? 1 : 0;
        for (Finding f : findings) {
          counts.merge(f.check() + " " + f.severity().name().toLowerCase(), 1, Integer::sum);
          assertThat(f.place().line()).as(rel).isPositive();
        }
      } catch (ComposeException e) {
        unreadable++;
      } catch (RuntimeException e) {
        crashes.add(rel + ": " + e);
      }
    }
    System.out.printf("lint corpus: %d files, %d without findings, %d not readable as a project;"
        + " findings: %s%n", files, clean, unreadable, counts);
    assertThat(crashes).isEmpty();
    assertThat(files).isGreaterThan(400);
  }
}
