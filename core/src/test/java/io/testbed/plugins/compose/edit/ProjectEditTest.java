package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.edit.EditOptions.Target;
import io.testbed.plugins.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Setting the workers' variables in a project: env files, targets, override files. */
class ProjectEditTest {
  static final String VAR = "DIOPTRA_PLUGINS_S3_URI";
  static final String URI = "s3://plugins/dioptra_builtins";
  static final List<String> WORKERS = List.of("tfcpu-01", "tfgpu-01");

  static final String COMPOSE = """
      # Dioptra deployment
      services:
        restapi:
          image: dioptra/restapi:1.0
          env_file: ./envs/restapi.env
        tfcpu-01:
          image: dioptra/tensorflow2-cpu:1.0
          env_file:
            - ./envs/worker.env
        tfgpu-01:
          image: dioptra/tensorflow2-gpu:1.0
          env_file:
            - ./envs/worker.env
            - path: ./envs/gpu.env
              required: false
          environment:
            NVIDIA_VISIBLE_DEVICES: 0
      """;
  static final String WORKER_ENV = """
      # worker settings
      DIOPTRA_PLUGINS_S3_URI=s3://plugins/old_builtins
      MLFLOW_S3_ENDPOINT_URL=http://minio:9000
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return TestFiles.write(dir, name, text);
  }

  private Path deployment() throws IOException {
    write("envs/worker.env", WORKER_ENV);
    write("envs/restapi.env", "DIOPTRA_RESTAPI_ENV=prod\n");
    return write("docker-compose.yml", COMPOSE);
  }

  private ComposeProject project(Map<String, String> env) {
    return ComposeProject.discover(dir.resolve("docker-compose.yml"), dir, env);
  }

  private ProjectPlan plan(List<String> services, EditOptions options) {
    return ProjectEdit.plan(project(Map.of()), services, Map.of(VAR, URI), options);
  }

  private static EditOptions target(Target t) {
    return new EditOptions(t, Optional.empty());
  }

  private EditOptions override() {
    return new EditOptions(Target.AUTO,
        Optional.of(ComposeProject.defaultOverride(dir.resolve("docker-compose.yml"))));
  }

  private void apply(ProjectPlan plan) {
    ProjectWriter.write(plan, false, () -> {
      throw new AssertionError("no conflict expected");
    });
  }

  /** Every service's effective environment, as compose would give it. */
  private Map<String, Map<String, String>> effective(ComposeProject p) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    p.serviceNames().forEach(s -> out.put(s, ProjectEdit.effective(p, s)));
    return out;
  }

  @Test
  void autoUpdatesTheEnvFileThatDefinesTheVariableAndLeavesTheComposeFileAlone() throws Exception {
    Path compose = deployment();
    ProjectPlan plan = plan(WORKERS, EditOptions.DEFAULT);

    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.files()).singleElement().satisfies(f -> {
      assertThat(f.role()).isEqualTo(FileEdit.Role.ENV_FILE);
      assertThat(f.path()).isEqualTo(dir.resolve("envs/worker.env"));
    });
    assertThat(plan.variables()).allSatisfy(v -> {
      assertThat(v.value()).isEqualTo("s3://plugins/old_builtins");
      assertThat(v.source()).isEqualTo(dir.resolve("envs/worker.env") + ":2");
    });
    apply(plan);
    assertThat(Files.readString(compose)).isEqualTo(COMPOSE);
    assertThat(Files.readString(dir.resolve("envs/worker.env")))
        .isEqualTo(WORKER_ENV.replace("s3://plugins/old_builtins", URI));
    assertThat(plan(WORKERS, EditOptions.DEFAULT).changed()).isFalse();
  }

  @Test
  void anEnvFileReadByAServiceThatIsNotSelectedIsRefusedWithTheRemedy() throws Exception {
    deployment();
    write("docker-compose.yml", COMPOSE.replace("./envs/restapi.env", "./envs/worker.env"));
    ProjectPlan plan = plan(WORKERS, EditOptions.DEFAULT);

    assertThat(plan.refusals()).hasSize(2).allSatisfy(r -> {
      assertThat(r.reason()).contains("envs/worker.env", "also read by restapi");
      assertThat(r.remedy()).contains("--target environment");
    });
    assertThat(plan.files()).isEmpty();
    assertThat(Files.readString(dir.resolve("envs/worker.env"))).isEqualTo(WORKER_ENV);
  }

  @Test
  void aSharedEnvFileIsEditedWhenEveryServiceThatReadsItIsSelected() throws Exception {
    deployment();
    write("docker-compose.yml", COMPOSE.replace("./envs/restapi.env", "./envs/worker.env"));
    ProjectPlan plan = plan(List.of("restapi", "tfcpu-01", "tfgpu-01"), EditOptions.DEFAULT);

    assertThat(plan.refusals()).isEmpty();
    assertThat(plan.files()).extracting(FileEdit::role).containsExactly(FileEdit.Role.ENV_FILE);
  }

  @Test
  void targetEnvironmentWritesTheComposeFileWhichThenWins() throws Exception {
    deployment();
    ProjectPlan plan = plan(WORKERS, target(Target.ENVIRONMENT));

    assertThat(plan.files()).extracting(FileEdit::role).containsExactly(FileEdit.Role.COMPOSE);
    apply(plan);
    assertThat(Files.readString(dir.resolve("envs/worker.env"))).isEqualTo(WORKER_ENV);
    ComposeProject after = project(Map.of());
    for (String w : WORKERS) {
      ComposeProject.EnvVar v = after.environment(w).get(VAR);
      assertThat(v.origin()).isEqualTo(ComposeProject.Origin.ENVIRONMENT);
      assertThat(after.value(v)).contains(URI);
    }
  }

  @Test
  void targetEnvFileAppendsToTheWorkersLastEnvFileWhenNoneDefinesIt() throws Exception {
    deployment();
    write("envs/gpu.env", "NVIDIA_DRIVER_CAPABILITIES=all");
    ProjectPlan plan = ProjectEdit.plan(project(Map.of()), List.of("tfgpu-01"),
        Map.of("DIOPTRA_CUSTOM_PLUGINS_S3_URI", "s3://plugins/custom"), target(Target.ENV_FILE));

    assertThat(plan.files()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo(dir.resolve("envs/gpu.env"));
      assertThat(f.after()).isEqualTo(
          "NVIDIA_DRIVER_CAPABILITIES=all\nDIOPTRA_CUSTOM_PLUGINS_S3_URI=s3://plugins/custom");
    });
  }

  @Test
  void targetEnvFileIsRefusedWhereEnvironmentDefinesTheVariable() throws Exception {
    deployment();
    ProjectPlan plan = ProjectEdit.plan(project(Map.of()), List.of("tfgpu-01"),
        Map.of("NVIDIA_VISIBLE_DEVICES", "1"), target(Target.ENV_FILE));

    assertThat(plan.refusals()).singleElement().satisfies(r ->
        assertThat(r.reason()).contains("set in environment: at", "wins over any env file"));
    assertThat(plan.files()).isEmpty();
  }

  @Test
  void autoEditsEnvironmentWhenItDefinesTheVariable() throws Exception {
    deployment();
    ProjectPlan plan = ProjectEdit.plan(project(Map.of()), List.of("tfgpu-01"),
        Map.of("NVIDIA_VISIBLE_DEVICES", "1"), EditOptions.DEFAULT);

    assertThat(plan.files()).extracting(FileEdit::role).containsExactly(FileEdit.Role.COMPOSE);
    assertThat(plan.compose().newText()).contains("NVIDIA_VISIBLE_DEVICES: \"1\"");
  }

  @Test
  void overrideModeCreatesTheOverrideFileAndGivesWhatADirectEditGives() throws Exception {
    deployment();
    Map<String, Map<String, String>> direct =
        effective(plan(WORKERS, target(Target.ENVIRONMENT)).project()
            .edited(Map.of(dir.resolve("docker-compose.yml"),
                plan(WORKERS, target(Target.ENVIRONMENT)).compose().newText())));

    ProjectPlan plan = plan(WORKERS, override());
    assertThat(plan.files()).singleElement().satisfies(f -> {
      assertThat(f.creates()).isTrue();
      assertThat(f.unifiedDiff(false)).startsWith(
          "--- /dev/null\n+++ b/" + dir.resolve("docker-compose.override.yml").toString()
              .substring(1) + "\n@@ -0,0 +1,8 @@\n+# Written by testbed-plugins");
      assertThat(f.path()).isEqualTo(dir.resolve("docker-compose.override.yml"));
      assertThat(f.after()).startsWith(ProjectEdit.OVERRIDE_HEADER + "\nservices:\n"
          + "  tfcpu-01:\n    environment:\n      DIOPTRA_PLUGINS_S3_URI: " + URI + "\n");
    });
    apply(plan);

    assertThat(Files.readString(dir.resolve("docker-compose.yml"))).isEqualTo(COMPOSE);
    assertThat(Files.readString(dir.resolve("envs/worker.env"))).isEqualTo(WORKER_ENV);
    ComposeProject after = project(Map.of());
    assertThat(after.files()).hasSize(2);
    assertThat(effective(after)).isEqualTo(direct);
    assertThat(plan(WORKERS, override()).changed()).isFalse();
  }

  @Test
  void overrideModeEditsAnExistingOverrideSurgically() throws Exception {
    deployment();
    String existing = """
        version: "2.4"
        # local mounts
        services:
            tfcpu-01:
                volumes:
                    - ./datasets:/datasets   # read-only data
        """;
    Path o = write("docker-compose.override.yml", existing);
    ProjectPlan plan = plan(WORKERS, override());
    apply(plan);

    assertThat(Files.readString(o)).isEqualTo("""
        version: "2.4"
        # local mounts
        services:
            tfgpu-01:
                environment:
                    DIOPTRA_PLUGINS_S3_URI: s3://plugins/dioptra_builtins
            tfcpu-01:
                volumes:
                    - ./datasets:/datasets   # read-only data
                environment:
                    DIOPTRA_PLUGINS_S3_URI: s3://plugins/dioptra_builtins
        """);
    assertThat(plan(WORKERS, override()).changed()).isFalse();
  }

  @Test
  void overrideEnvironmentWinsPerKeyAndEnvFilesOfBothFilesAreRead() throws Exception {
    deployment();
    write("envs/extra.env", "EXTRA=1\nMLFLOW_S3_ENDPOINT_URL=http://other:9000\n");
    write("docker-compose.override.yml", """
        services:
          tfgpu-01:
            env_file: ./envs/extra.env
            environment:
              NVIDIA_VISIBLE_DEVICES: 2
        """);
    ComposeProject p = project(Map.of());
    Map<String, String> env = ProjectEdit.effective(p, "tfgpu-01");

    assertThat(env).containsEntry("NVIDIA_VISIBLE_DEVICES", "2")
        .containsEntry("EXTRA", "1")
        .containsEntry("MLFLOW_S3_ENDPOINT_URL", "http://other:9000")
        .containsEntry(VAR, "s3://plugins/old_builtins");
  }

  @Test
  void composeFileListsAreTheProjectAndTheOverrideIsThenIgnoredWithAWarning() throws Exception {
    deployment();
    write("docker-compose.override.yml", "services:\n  tfcpu-01:\n    environment: {X: 1}\n");
    write("prod.yml", "services:\n  tfcpu-01:\n    environment:\n      X: prod\n");
    write(".env", "COMPOSE_FILE=docker-compose.yml;prod.yml\nCOMPOSE_PATH_SEPARATOR=;\n");

    ComposeProject p = project(Map.of());
    assertThat(p.fromComposeFileList()).isTrue();
    assertThat(p.files()).extracting(ComposeFile::label)
        .containsExactly(dir.resolve("docker-compose.yml").toString(),
            dir.resolve("prod.yml").toString());
    assertThat(ProjectEdit.effective(p, "tfcpu-01")).containsEntry("X", "prod");

    ProjectPlan plan = ProjectEdit.plan(p, WORKERS, Map.of(VAR, URI), override());
    assertThat(plan.warnings()).singleElement().asString()
        .contains("COMPOSE_FILE", "docker-compose.override.yml", "ignore");
  }

  @Test
  void theProcessEnvironmentsComposeFileWinsOverDotEnv() throws Exception {
    deployment();
    write("other.yml", "services:\n  tfcpu-01:\n    environment:\n      X: other\n");
    write(".env", "COMPOSE_FILE=docker-compose.yml\n");

    ComposeProject p = project(Map.of("COMPOSE_FILE", "docker-compose.yml:other.yml"));
    assertThat(p.files()).hasSize(2);
    assertThat(ProjectEdit.effective(p, "tfcpu-01")).containsEntry("X", "other");
  }

  @Test
  void withoutAListTheOverrideBesideTheBaseIsLoaded() throws Exception {
    deployment();
    write("compose.override.yaml", "services:\n  tfcpu-01:\n    environment: {X: 1}\n");
    assertThat(project(Map.of()).files()).hasSize(2);
    assertThat(ComposeProject.defaultOverride(dir.resolve("docker-compose.yml")))
        .isEqualTo(dir.resolve("compose.override.yaml"));
  }

  @Test
  void theDefaultOverrideNameMatchesTheBase() {
    assertThat(ComposeProject.defaultOverride(dir.resolve("compose.yaml")))
        .isEqualTo(dir.resolve("compose.override.yaml"));
    assertThat(ComposeProject.defaultOverride(dir.resolve("docker-compose.yml")))
        .isEqualTo(dir.resolve("docker-compose.override.yml"));
  }

  @Test
  void selectionReadsTheMergedProjectAndAServiceOnlyAnOverrideDefinesIsEditedThere()
      throws Exception {
    deployment();
    Path o = write("docker-compose.override.yml", """
        services:
          restapi:
            image: dioptra/pytorch-cpu:1.0
          pytorchcpu-01:
            image: dioptra/pytorch-cpu:1.0
        """);
    ComposeProject p = project(Map.of());
    List<String> workers =
        WorkerSelector.workers(WorkerSelector.select(p, WorkerSelection.defaults()));
    assertThat(workers).containsExactly("tfcpu-01", "tfgpu-01", "pytorchcpu-01");

    ProjectPlan plan = ProjectEdit.plan(p, List.of("pytorchcpu-01"), Map.of(VAR, URI),
        EditOptions.DEFAULT);
    assertThat(plan.files()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo(o);
      assertThat(f.after()).contains("  pytorchcpu-01:\n    image: dioptra/pytorch-cpu:1.0\n"
          + "    environment:\n      " + VAR + ": " + URI + "\n");
    });
  }

  @Test
  void anEnvFileEntryThatRefersToTheVariableIsRefusedRatherThanChangedToo() throws Exception {
    deployment();
    write("envs/worker.env", WORKER_ENV + "DIOPTRA_PLUGINS_MIRROR=${DIOPTRA_PLUGINS_S3_URI}/m\n");
    ProjectPlan plan = plan(WORKERS, EditOptions.DEFAULT);

    assertThat(plan.files()).isEmpty();
    assertThat(plan.refusals()).hasSize(2).allSatisfy(r -> {
      assertThat(r.reason()).contains("DIOPTRA_PLUGINS_MIRROR", "refers to " + VAR);
      assertThat(r.remedy()).contains("--target environment");
    });
    assertThat(plan(WORKERS, target(Target.ENVIRONMENT)).refusals()).isEmpty();
  }

  @Test
  void aComposeFileListThatDoesNotNameTheGivenFileIsIgnored() throws Exception {
    deployment();
    write("docker-compose.override.yml", "services:\n  tfcpu-01:\n    environment: {X: 1}\n");
    ComposeProject p = project(Map.of("COMPOSE_FILE", "other.yml"));
    assertThat(p.fromComposeFileList()).isFalse();
    assertThat(p.files()).hasSize(2);
  }

  @Test
  void aComposeFileListFromTheEnvironmentIsRelativeToTheWorkingDirectory() throws Exception {
    deployment();
    write("prod.yml", "services:\n  tfcpu-01:\n    environment:\n      X: prod\n");
    Path cwd = dir.getParent();
    String name = dir.getFileName().toString();
    ComposeProject p = ComposeProject.discover(dir.resolve("docker-compose.yml"), cwd,
        Map.of("COMPOSE_FILE", name + "/docker-compose.yml:" + name + "/prod.yml"));
    assertThat(p.fromComposeFileList()).isTrue();
    assertThat(ProjectEdit.effective(p, "tfcpu-01")).containsEntry("X", "prod");
  }

  @Test
  void theDiffHasOneHunkPerEditedPlaceNotOneSpanningTheFile() throws IOException {
    StringBuilder compose = new StringBuilder("services:\n");
    for (String s : List.of("tfcpu-01", "a", "b", "c", "d", "tfgpu-01")) {
      compose.append("  ").append(s).append(":\n    image: x\n    environment:\n")
          .append("      A: 1\n      B: 2\n      C: 3\n");
    }
    write("docker-compose.yml", compose.toString());
    ProjectPlan plan = plan(WORKERS, EditOptions.DEFAULT);
    String diff = plan.unifiedDiff(false);
    assertThat(diff.lines().filter(l -> l.startsWith("@@"))).hasSize(2);
    assertThat(diff.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++")))
        .containsExactly("+      " + VAR + ": " + URI, "+      " + VAR + ": " + URI);
    assertThat(diff.lines().filter(l -> l.startsWith("-") && !l.startsWith("---"))).isEmpty();
  }
}
