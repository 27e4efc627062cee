package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ServiceChoice;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Testbed single-machine deployment: exactly the 8 workers get the plugins URI. */
class SeedFixtureTest {
  static final String LINE = "AI_PLUGINS_S3_URI: s3://plugins/securingai_builtins";
  static final List<String> WORKERS = List.of("tfcpu-01", "tfcpu-02", "tfgpu-01", "tfgpu-02",
      "tfgpu-03", "pytorchcpu-01", "pytorchcpu-02", "pytorchgpu-01");

  static Path fixture() throws URISyntaxException {
    return Path.of(SeedFixtureTest.class.getResource("/compose/seed/docker-compose.yml").toURI());
  }

  @Test
  void defaultSelectionFindsExactlyTheEightWorkers() throws Exception {
    ComposeFile file = ComposeFile.read(fixture());
    List<ServiceChoice> choices = WorkerSelector.select(file, WorkerSelection.defaults());
    assertThat(WorkerSelector.workers(choices)).containsExactlyElementsOf(WORKERS);
    assertThat(choices).allSatisfy(c -> assertThat(c.reason()).isNotBlank());
    assertThat(choices).filteredOn(c -> c.name().equals("redis")).singleElement()
        .extracting(ServiceChoice::reason).asString().contains("infrastructure");
  }

  @Test
  void onlyTheEightWorkersGetTheVariableAndEveryOtherByteIsUnchanged() throws Exception {
    ComposeFile file = ComposeFile.read(fixture());
    ComposePlan plan = EnvEdit.plan(file,
        WorkerSelector.workers(WorkerSelector.select(file, WorkerSelection.defaults())),
        Map.of("AI_PLUGINS_S3_URI", "s3://plugins/securingai_builtins"));

    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.changedServices()).containsExactlyElementsOf(WORKERS);
    assertThat(plan.edits()).hasSize(8).allSatisfy(e -> {
      assertThat(e.start()).isEqualTo(e.end());
      assertThat(e.replacement()).isEqualTo("      " + LINE + "\n");
    });
    String removed = plan.newText().replace("      " + LINE + "\n", "");
    assertThat(removed).isEqualTo(file.text());
    for (String s : file.serviceNames()) {
      assertThat(ComposeFile.parse("new", plan.newText()).envValue(s, "AI_PLUGINS_S3_URI"))
          .as(s).isEqualTo(WORKERS.contains(s)
              ? java.util.Optional.of("s3://plugins/securingai_builtins")
              : java.util.Optional.empty());
    }
    assertThat(EditChecks.check(file.text(), plan, WORKERS,
        Map.of("AI_PLUGINS_S3_URI", "s3://plugins/securingai_builtins"))).isEmpty();
  }

  @Test
  void diffMasksSecretValuesUnlessAskedToShowThem() throws Exception {
    String text = "services:\n  tfcpu-01:\n    image: securing-ai/tensorflow2-cpu\n"
        + "    environment:\n      AWS_SECRET_ACCESS_KEY: hunter2\n      B: 1\n";
    ComposePlan plan = EnvEdit.plan(ComposeFile.parse("dc.yml", text), List.of("tfcpu-01"),
        Map.of("DB_PASSWORD", "s3cret"));
    assertThat(plan.unifiedDiff(false)).contains("--- a/dc.yml", "+++ b/dc.yml",
        "AWS_SECRET_ACCESS_KEY: ***", "+      DB_PASSWORD: ***").doesNotContain("hunter2", "s3cret");
    assertThat(plan.unifiedDiff(true)).contains("hunter2", "+      DB_PASSWORD: s3cret");
  }
}
