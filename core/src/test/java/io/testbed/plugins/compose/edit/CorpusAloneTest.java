package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ServiceChoice;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.edit.EditOptions.Target;
import io.testbed.plugins.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every corpus file copied alone into an empty directory (no env files, no extended or included
 * files beside it), as a repository checkout without its git-ignored files: {@code compose
 * workers} (selection and each service's effective environment) and {@code compose set-env
 * --all-services} (planned only). Prints how many files each command accepts, and the refusals
 * with their reasons; no run may crash or fail its own verification (INTERNAL).
 */
class CorpusAloneTest {

  @Test
  void everyCorpusFileAloneIsReadOrRefusedWithAReason(@TempDir Path tmp) throws IOException {
    Path dir = Corpus.dir();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> workers = new TreeMap<>();
    Map<String, Integer> setEnv = new TreeMap<>();
    int n = 0;
    for (String rel : Corpus.files()) {
      Path alone = tmp.resolve("f" + n++);
      Files.createDirectories(alone);
      Path p = Files.copy(dir.resolve(rel), alone.resolve(Path.of(rel).getFileName()));
      ComposeProject project;
      try {
        project = ComposeProject.discover(p, alone, Map.of());
      } catch (ComposeException e) {
        workers.merge("refused: " + reason(e), 1, Integer::sum);
        setEnv.merge("refused: " + reason(e), 1, Integer::sum);
        check(rel, e, failures);
        continue;
      }
      try {
        List<ServiceChoice> choices = WorkerSelector.select(project, WorkerSelection.defaults());
        for (ServiceChoice c : choices) {
          project.environment(c.name()).values().forEach(v -> project.value(v));
        }
        workers.merge("read", 1, Integer::sum);
      } catch (ComposeException e) {
        workers.merge("refused: " + reason(e), 1, Integer::sum);
        check(rel, e, failures);
      }
      try {
        ProjectPlan plan = ProjectEdit.plan(project, project.serviceNames(),
            Map.of("AI_PLUGINS_S3_URI", "s3://plugins/securingai_builtins"),
            new EditOptions(Target.AUTO, Optional.empty()));
        if (plan.refusals().isEmpty()) {
          setEnv.merge("planned", 1, Integer::sum);
        } else {
          setEnv.merge("planned, a service refused: " + plan.refusals().get(0).reason()
              .replaceAll("(?s)[:,;(].*", ""), 1, Integer::sum);
        }
      } catch (ComposeException e) {
        setEnv.merge("refused: " + reason(e), 1, Integer::sum);
        check(rel, e, failures);
      } catch (RuntimeException e) {
        failures.add(rel + ": " + e);
      }
    }
    System.out.println("corpus files alone (" + n + "), compose workers: " + workers);
    System.out.println("corpus files alone (" + n + "), set-env --all-services: " + setEnv);
    assertThat(failures).isEmpty();
  }

  private static void check(String rel, ComposeException e, List<String> failures) {
    if (e.kind() == ComposeException.Kind.INTERNAL) {
      failures.add(rel + ": " + e.getMessage());
    }
  }

  /** The kind of a refusal: its problem with names, paths and numbers left out. */
  private static String reason(ComposeException e) {
    String p = e.problem();
    if (p.startsWith("env_file ") && p.contains("does not exist")) {
      return "env_file does not exist";
    }
    return p.replaceAll("'[^']*'|\"[^\"]*\"|/\\S+|\\d+", "…");
  }
}
