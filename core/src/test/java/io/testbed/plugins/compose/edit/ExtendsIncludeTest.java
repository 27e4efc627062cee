package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ServiceChoice;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.lint.Finding;
import io.testbed.plugins.compose.lint.Lint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code extends} across files, within a file and chained, and {@code include}: golden projects
 * in {@code compose/projects/}. Each case is copied to a temporary directory and planned with the
 * default worker selection (or the services its {@code args} file names); every file with a
 * {@code FILE.expected} beside it must become exactly that, every other file must stay as it is.
 * When docker-compose (1.29) is installed, its {@code config} of the edited project must give
 * every service the effective environment this project computes.
 */
class ExtendsIncludeTest {
  static final String VAR = "DIOPTRA_PLUGINS_S3_URI";
  static final String URI = "s3://plugins/dioptra_builtins";

  @TempDir Path dir;

  private Path copy(String name) throws IOException {
    Path from = MissingEnvFileTest.fixture(name);
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        String rel = from.relativize(p).toString();
        if (!rel.endsWith(".expected") && !rel.equals("args")) {
          Path to = dir.resolve(rel);
          Files.createDirectories(to.getParent());
          Files.copy(p, to);
        }
      }
    }
    return dir.resolve("docker-compose.yml");
  }

  private static List<String> selected(String name, ComposeProject p) throws IOException {
    Path args = MissingEnvFileTest.fixture(name).resolve("args");
    if (Files.exists(args)) {
      return List.of(Files.readString(args).replace("services:", "").trim().split("\\s+"));
    }
    return WorkerSelector.workers(WorkerSelector.select(p, WorkerSelection.defaults()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"extends-across-files", "extends-within-file", "extends-chained"})
  void theExtendingServicesOwnEnvironmentIsEditedAndComposeAgrees(String name) throws Exception {
    Path compose = copy(name);
    ComposeProject before = ComposeProject.discover(compose, dir, Map.of());
    List<String> services = selected(name, before);
    Map<String, Map<String, String>> old = effective(before);
    ProjectPlan plan = ProjectEdit.plan(before, services, Map.of(VAR, URI), EditOptions.DEFAULT);

    assertThat(plan.refusals()).isEmpty();
    Path fixture = MissingEnvFileTest.fixture(name);
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        Path expected = fixture.resolve(dir.relativize(p) + ".expected");
        var edit = plan.files().stream().filter(f -> f.path().equals(p)).findFirst();
        if (Files.exists(expected)) {
          assertThat(edit).as(p.toString()).isPresent();
          assertThat(edit.get().after()).isEqualTo(Files.readString(expected));
        } else {
          assertThat(edit).as(p + " is not edited").isEmpty();
        }
      }
    }
    ProjectWriter.write(plan, false, () -> {
      throw new AssertionError("no conflict expected");
    });

    ComposeProject after = ComposeProject.discover(compose, dir, Map.of());
    Map<String, Map<String, String>> now = effective(after);
    for (String s : before.serviceNames()) {
      Map<String, String> want = new LinkedHashMap<>(old.get(s));
      if (services.contains(s)) {
        want.put(VAR, URI);
      }
      assertThat(now.get(s)).as(s).isEqualTo(want);
    }
    assertThat(ProjectEdit.plan(after, services, Map.of(VAR, URI), EditOptions.DEFAULT)
        .changed()).isFalse();
    DockerComposeConfig.environments(dir).ifPresentOrElse(
        config -> assertThat(config).isEqualTo(now),
        () -> System.out.println(name + ": docker-compose is not installed; the comparison"
            + " with 'docker-compose config' was skipped"));
  }

  private static Map<String, Map<String, String>> effective(ComposeProject p) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    p.serviceNames().forEach(s -> out.put(s, ProjectEdit.effective(p, s)));
    return out;
  }

  @Test
  void workersAreFoundThroughExtendsInEveryForm() throws IOException {
    Path compose = copy("extends-chained");
    ComposeProject p = ComposeProject.discover(compose, dir, Map.of());
    assertThat(WorkerSelector.select(p, WorkerSelection.defaults()))
        .extracting(ServiceChoice::name, ServiceChoice::worker)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("restapi", false),
            org.assertj.core.groups.Tuple.tuple("gpu-worker", true),
            org.assertj.core.groups.Tuple.tuple("gpu-base", true));
    assertThat(ProjectEdit.effective(p, "gpu-worker")).containsExactly(
        Map.entry(VAR, "s3://plugins/old_builtins"), Map.entry("AWS_ACCESS_KEY_ID", "minio"),
        Map.entry("MLFLOW_TRACKING_URI", "http://mlflow:5000"),
        Map.entry("AWS_DEFAULT_REGION", "us-east-1"), Map.entry("NVIDIA_VISIBLE_DEVICES", "0"),
        Map.entry("WORKER", "gpu-worker"));
  }

  @Test
  void theExtendedBaseIsNotEditedWhenAServiceThatExtendsItIsNotSelected() throws IOException {
    Path compose = copy("extends-within-file");
    ComposeProject p = ComposeProject.discover(compose, dir, Map.of());
    ProjectPlan plan = ProjectEdit.plan(p, List.of("pt-base"), Map.of(VAR, URI),
        EditOptions.DEFAULT);
    assertThat(plan.files()).isEmpty();
    assertThat(plan.refusals()).singleElement().satisfies(r -> {
      assertThat(r.reason()).startsWith("pt-worker extends it and is not selected");
      assertThat(r.remedy()).contains("Select pt-worker as well");
    });
  }

  @Test
  void aWorkerOfAnIncludedFileIsFoundAndRefusedWithTheRemedy() throws Exception {
    Path compose = copy("include-worker");
    ComposeProject p = ComposeProject.discover(compose, dir, Map.of());
    List<String> workers = WorkerSelector.workers(
        WorkerSelector.select(p, WorkerSelection.defaults()));
    assertThat(workers).containsExactly("worker-base", "tfcpu-01");
    assertThat(ProjectEdit.effective(p, "tfcpu-01")).containsExactly(
        Map.entry("AWS_ACCESS_KEY_ID", "minio"),
        Map.entry("MLFLOW_TRACKING_URI", "http://mlflow:5000"));
    Path included = dir.resolve("workers/compose.yml");
    ProjectPlan plan = ProjectEdit.plan(p, workers, Map.of(VAR, URI), EditOptions.DEFAULT);
    assertThat(plan.files()).isEmpty();
    assertThat(plan.refusals()).hasSize(2).allSatisfy(r -> {
      assertThat(r.reason()).contains("is defined in " + included + ", which the project"
          + " includes (include: at " + compose + ":2:5)");
      assertThat(r.remedy()).isEqualTo("Edit that file itself: run the command again with"
          + " --compose " + included);
    });

    // the remedy: the included file as a project of its own
    ComposeProject own = ComposeProject.discover(included, included.getParent(), Map.of());
    ProjectPlan direct = ProjectEdit.plan(own, workers, Map.of(VAR, URI), EditOptions.DEFAULT);
    assertThat(direct.refusals()).isEmpty();
    assertThat(direct.files()).singleElement().satisfies(f -> assertThat(f.path())
        .isEqualTo(included));
    ProjectWriter.write(direct, false, () -> {
      throw new AssertionError("no conflict expected");
    });
    Map<String, Map<String, String>> now = effective(
        ComposeProject.discover(included, included.getParent(), Map.of()));
    assertThat(now.get("tfcpu-01")).containsEntry(VAR, URI);
    DockerComposeConfig.environments(included.getParent()).ifPresentOrElse(
        config -> assertThat(config).isEqualTo(now),
        () -> System.out.println("include-worker: docker-compose is not installed; the"
            + " comparison with 'docker-compose config' was skipped"));
  }

  @Test
  void lintReadsIncludedAndExtendedServices() throws IOException {
    Path compose = copy("include-worker");
    ComposeProject p = ComposeProject.discover(compose, dir, Map.of());
    List<Finding> findings = Lint.check(p, List.of("tfcpu-01"), List.of());
    assertThat(findings).extracting(Finding::check).contains(Lint.PLUGIN_VARIABLE);
    assertThat(findings).filteredOn(f -> f.check().equals(Lint.PLUGIN_VARIABLE))
        .extracting(Finding::service).containsExactly("tfcpu-01");
  }

  @Test
  void aMissingExtendedFileIsAnErrorAtItsPlaceAndNothingIsPlanned() throws IOException {
    Path compose = write("services:\n  w:\n    extends:\n      file: nope.yml\n"
        + "      service: base\n");
    assertRefused(compose, compose + ":4:13: extends names the file " + dir.resolve("nope.yml")
        + ", which does not exist");
  }

  @Test
  void aMissingExtendedServiceIsAnErrorAtItsPlace() throws IOException {
    Path compose = write("services:\n  w:\n    extends: base\n    image: x\n");
    assertRefused(compose, compose + ":3:14: service w extends base, which " + compose
        + " does not define");
  }

  @Test
  void anExtendsCycleIsAnErrorAtItsPlace() throws IOException {
    Path compose = write("services:\n  a:\n    extends: b\n  b:\n    extends: {service: a}\n");
    assertRefused(compose, compose + ":5:24: extends cycle: service b extends a");
  }

  @Test
  void anIncludeThatConflictsWithAServiceOfTheIncludingFileIsAnErrorAtTheEntry()
      throws IOException {
    Files.writeString(dir.resolve("other.yml"), "services:\n  w:\n    image: y\n");
    Path compose = write("include:\n  - other.yml\nservices:\n  w:\n    image: x\n");
    assertRefused(compose, compose + ":2:5: service w of the included file "
        + dir.resolve("other.yml") + " conflicts with a service of the same name");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("docker-compose.yml"), text, StandardCharsets.UTF_8);
  }

  private void assertRefused(Path compose, String message) throws IOException {
    String text = Files.readString(compose);
    assertThatThrownBy(() -> {
      ComposeProject p = ComposeProject.discover(compose, dir, Map.of());
      ProjectEdit.plan(p, p.serviceNames(), Map.of(VAR, URI), EditOptions.DEFAULT);
    }).isInstanceOf(ComposeException.class).hasMessageStartingWith(message);
    assertThat(Files.readString(compose)).isEqualTo(text);
    ComposeProject p = ComposeProject.discover(compose, dir, Map.of());
    assertThat(Lint.check(p, List.of(), List.of())).anySatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
      assertThat(f.place() + ": " + f.message()).startsWith(message);
    });
  }
}
