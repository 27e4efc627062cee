package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The editor over the real-world corpus ({@code shared/corpus/compose}): in every file, about half
 * of the services (chosen deterministically) get a variable, and every result is checked
 * independently. Thresholds: no crash, no wrong result, no stray line, no lost comment, every file
 * idempotent, refusals in at most 2% of the files and each with a reason.
 */
class CorpusTest {

  @Test
  void editsHalfTheServicesOfEveryCorpusFileCorrectlyAndIdempotently() throws IOException {
    Path dir = Corpus.dir();
    List<String> rel = Corpus.files();
    // Two variables: a plain URI, and a value that must be quoted and have its '$' doubled.
    Map<String, String> vars = new java.util.LinkedHashMap<>();
    vars.put("AI_PLUGINS_S3_URI", "s3://plugins/securingai_builtins");
    vars.put("TESTBED_NOTE", "on: $HOME #1");
    int files = 0;
    int edited = 0;
    int unchanged = 0;
    int refusedFiles = 0;
    List<String> crashes = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    Map<String, Integer> reasons = new TreeMap<>();
    for (String r : rel) {
      Path p = dir.resolve(r);
      files++;
      ComposeFile f;
      try {
        f = ComposeFile.read(p);
      } catch (ComposeException e) {
        invalid.add(r + ": " + e.getMessage().lines().findFirst().orElse(""));
        continue;
      } catch (RuntimeException e) {
        crashes.add(r + ": read: " + e);
        continue;
      }
      try {
        List<String> names = f.serviceNames();
        int parity = Math.floorMod(r.hashCode(), 2);
        List<String> selected = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
          if (i % 2 == parity || names.size() == 1) {
            selected.add(names.get(i));
          }
        }
        ComposePlan plan = EnvEdit.plan(f, selected, vars);
        if (!plan.refusals().isEmpty()) {
          refusedFiles++;
          for (Refusal x : plan.refusals()) {
            assertThat(x.reason()).isNotBlank();
            assertThat(x.remedy()).isNotBlank();
            reasons.merge(x.reason().replaceAll("[\\w.-]*-\\d+|services? [\\w, -]+;", "…"), 1,
                Integer::sum);
          }
        }
        if (plan.changed()) {
          edited++;
        } else {
          unchanged++;
        }
        for (String problem : EditChecks.check(f.text(), plan, selected, vars)) {
          wrong.add(r + ": " + problem);
        }
      } catch (RuntimeException e) {
        crashes.add(r + ": " + e);
      }
    }
    System.out.printf("corpus: %d files, %d edited, %d unchanged, %d refused (in %d files),"
        + " %d invalid input, %d crashes, %d wrong%n", files, edited, unchanged,
        reasons.values().stream().mapToInt(Integer::intValue).sum(), refusedFiles,
        invalid.size(), crashes.size(), wrong.size());
    reasons.forEach((k, v) -> System.out.println("  refused " + v + "x: " + k));
    invalid.forEach(i -> System.out.println("  invalid input: " + i));
    crashes.forEach(c -> System.out.println("  CRASH " + c));
    wrong.forEach(w -> System.out.println("  WRONG " + w));

    assertThat(files).isGreaterThan(300);
    assertThat(crashes).isEmpty();
    assertThat(wrong).isEmpty();
    assertThat(invalid.size()).as("files rejected as invalid").isLessThanOrEqualTo(files / 50);
    assertThat(refusedFiles).as("files with refusals").isLessThanOrEqualTo(files / 50);
  }
}
