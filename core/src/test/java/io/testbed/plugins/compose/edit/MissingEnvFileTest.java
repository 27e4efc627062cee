package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.edit.EditOptions.Target;
import io.testbed.plugins.compose.lint.Finding;
import io.testbed.plugins.compose.lint.Lint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dioptra deployment template before its init script has written {@code envs/} (the compose
 * file of {@code examples/dioptra_deployment}, alone): the missing env files read as empty, each
 * is one warning with its {@code file:line:col}, {@code --target auto} edits {@code environment:},
 * {@code --target env-file} creates the file, and lint still calls it an error.
 */
class MissingEnvFileTest {
  static final String VAR = "DIOPTRA_PLUGINS_S3_URI";
  static final String URI = "s3://plugins/dioptra_builtins";
  static final List<String> WORKERS = List.of("dioptra-deployment-tfcpu-01",
      "dioptra-deployment-tfgpu-01", "dioptra-deployment-pytorchcpu-01");

  @TempDir Path dir;
  Path compose;

  static Path fixture(String name) {
    try {
      return Path.of(MissingEnvFileTest.class.getResource("/compose/projects/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void template() throws IOException {
    compose = Files.copy(fixture("dioptra-template-without-envs/docker-compose.yml"),
        dir.resolve("docker-compose.yml"));
    Files.setPosixFilePermissions(compose, PosixFilePermissions.fromString("rw-r-----"));
  }

  private ComposeProject project() {
    return ComposeProject.discover(compose, dir, Map.of());
  }

  @Test
  void workersAreFoundAndEachMissingEnvFileIsOneWarningWithItsPlace() {
    ComposeProject p = project();
    assertThat(WorkerSelector.workers(WorkerSelector.select(p, WorkerSelection.defaults())))
        .isEqualTo(WORKERS);
    assertThat(p.environment("dioptra-deployment-tfgpu-01")).containsOnlyKeys(
        "NVIDIA_VISIBLE_DEVICES");
    assertThat(p.missingEnvFiles()).containsExactly(
        compose + ":13:9: env_file " + dir + "/envs/dioptra-deployment-minio.env of service"
            + " dioptra-deployment-minio does not exist (read as empty); docker compose will"
            + " refuse to start dioptra-deployment-minio until it exists",
        compose + ":29:9: env_file " + dir + "/envs/dioptra-deployment-restapi.env of service"
            + " dioptra-deployment-restapi does not exist (read as empty); docker compose will"
            + " refuse to start dioptra-deployment-restapi until it exists",
        compose + ":40:9: env_file " + dir + "/envs/dioptra-deployment-worker.env of service"
            + " dioptra-deployment-tfcpu-01 does not exist (read as empty); docker compose will"
            + " refuse to start dioptra-deployment-tfcpu-01 until it exists",
        compose + ":52:9: env_file " + dir + "/envs/dioptra-deployment-worker.env of service"
            + " dioptra-deployment-tfgpu-01 does not exist (read as empty); docker compose will"
            + " refuse to start dioptra-deployment-tfgpu-01 until it exists",
        compose + ":67:9: env_file " + dir + "/envs/dioptra-deployment-worker.env of service"
            + " dioptra-deployment-pytorchcpu-01 does not exist (read as empty); docker compose"
            + " will refuse to start dioptra-deployment-pytorchcpu-01 until it exists");
  }

  @Test
  void autoEditsEnvironmentAsTheGoldenFileSaysAndWarns() throws IOException {
    ProjectPlan plan = ProjectEdit.plan(project(), WORKERS, Map.of(VAR, URI), EditOptions.DEFAULT);

    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.warnings()).isEqualTo(project().missingEnvFiles()).hasSize(5);
    assertThat(plan.files()).singleElement().satisfies(f -> {
      assertThat(f.role()).isEqualTo(FileEdit.Role.COMPOSE);
      assertThat(f.after()).isEqualTo(Files.readString(
          fixture("dioptra-template-without-envs/docker-compose.expected.yml"),
          StandardCharsets.UTF_8));
    });
    write(plan);
    assertThat(Files.exists(dir.resolve("envs"))).isFalse();
    assertThat(ProjectEdit.plan(project(), WORKERS, Map.of(VAR, URI), EditOptions.DEFAULT)
        .changed()).isFalse();
  }

  @Test
  void targetEnvFileCreatesTheMissingFilesWithTheComposeFilesMode() throws IOException {
    ProjectPlan plan = ProjectEdit.plan(project(), WORKERS, Map.of(VAR, URI),
        new EditOptions(Target.ENV_FILE, Optional.empty()));

    assertThat(plan.refusals()).isEmpty();
    Path worker = dir.resolve("envs/dioptra-deployment-worker.env");
    Path gpu = dir.resolve("envs/dioptra-deployment-worker-gpu.env");
    assertThat(plan.files()).extracting(FileEdit::path).containsExactlyInAnyOrder(worker, gpu);
    assertThat(plan.files()).allSatisfy(f -> {
      assertThat(f.creates()).isTrue();
      assertThat(f.after()).isEqualTo(VAR + "=" + URI + "\n");
    });
    assertThat(plan.unifiedDiff(false))
        .contains("--- /dev/null\n+++ b/" + worker.toString().substring(1) + "\n@@ -0,0 +1,1 @@\n+"
            + VAR + "=" + URI + "\n");

    write(plan);
    for (Path p : List.of(worker, gpu)) {
      assertThat(Files.readString(p)).isEqualTo(VAR + "=" + URI + "\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .isEqualTo("rw-r-----");
    }
    ComposeProject after = project();
    WORKERS.forEach(w -> assertThat(ProjectEdit.effective(after, w)).containsEntry(VAR, URI));
    assertThat(ProjectEdit.plan(after, WORKERS, Map.of(VAR, URI),
        new EditOptions(Target.ENV_FILE, Optional.empty())).changed()).isFalse();
  }

  @Test
  void aMissingEnvFileReadByAServiceThatIsNotSelectedIsNotCreated() {
    ProjectPlan plan = ProjectEdit.plan(project(), List.of("dioptra-deployment-tfcpu-01"),
        Map.of(VAR, URI), new EditOptions(Target.ENV_FILE, Optional.empty()));
    assertThat(plan.files()).isEmpty();
    assertThat(plan.refusals()).singleElement().satisfies(r -> assertThat(r.reason())
        .contains("is also read by dioptra-deployment-tfgpu-01"));
  }

  @Test
  void lintStillReportsEachMissingEnvFileAsAnError() {
    List<Finding> missing = Lint.check(project(), WORKERS, List.of()).stream()
        .filter(f -> f.check().equals(Lint.MISSING_ENV_FILE)).toList();
    assertThat(missing).hasSize(5).allSatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
      assertThat(f.place().file()).isEqualTo(compose.toString());
    });
  }

  private static void write(ProjectPlan plan) {
    ProjectWriter.write(plan, false, () -> {
      throw new AssertionError("no conflict expected");
    });
  }
}
