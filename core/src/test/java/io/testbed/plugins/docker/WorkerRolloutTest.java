package io.testbed.plugins.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeProject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command that brings running workers along, as data, and the engine's view it relies on. */
class WorkerRolloutTest {
  static final ComposeCli V1 = new ComposeCli(List.of("docker-compose"),
      List.of("/usr/bin/docker-compose"));
  static final ComposeCli NONE = new ComposeCli(List.of("docker", "compose"), List.of());

  @TempDir Path tmp;

  private ComposeProject project(String dirName, String composeText) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(dirName));
    Files.writeString(dir.resolve("docker-compose.yml"), composeText);
    return ComposeProject.discover(dir.resolve("docker-compose.yml"), dir, Map.of());
  }

  @Test
  void theCommandNamesTheProjectItsFilesAndExactlyTheWorkers() throws IOException {
    ComposeProject p = project("Lab Deployment", "services:\n  a: {image: x}\n  b: {image: x}\n");
    Files.writeString(p.directory().resolve("docker-compose.override.yml"), "services: {}\n");
    p = ComposeProject.discover(p.directory().resolve("docker-compose.yml"), p.directory(),
        Map.of());

    WorkerRollout r = WorkerRollout.of(V1, p, null, List.of("b"));

    assertThat(r.project()).isEqualTo("labdeployment");
    assertThat(r.command()).containsExactly("docker-compose", "-p", "labdeployment",
        "-f", p.directory().resolve("docker-compose.yml").toString(),
        "-f", p.directory().resolve("docker-compose.override.yml").toString(),
        "up", "-d", "--no-deps", "b");
    assertThat(r.executable().get(0)).isEqualTo("/usr/bin/docker-compose");
  }

  @Test
  void withNoComposeCliTheV2FormIsShownAndNothingCanRun() throws IOException {
    ComposeProject p = project("lab", "name: my-lab\nservices:\n  w1: {image: x}\n");

    WorkerRollout r = WorkerRollout.of(NONE, p, "other", List.of("w1"));

    assertThat(r.shellCommand()).startsWith("docker compose -p other -f ")
        .endsWith(" up -d --no-deps w1");
    assertThat(r.executable()).isEmpty();
    assertThat(r.with(null, List.of()).needed()).isFalse();
  }

  @Test
  void argumentsAreQuotedForTheShellOnlyWhenTheyNeedIt() {
    assertThat(WorkerRollout.quote("tfcpu-01")).isEqualTo("tfcpu-01");
    assertThat(WorkerRollout.quote("my dir/docker-compose.yml"))
        .isEqualTo("'my dir/docker-compose.yml'");
    assertThat(WorkerRollout.quote("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void theUnionKeepsTheChangedWorkersFirstAndNamesEachOnce() {
    assertThat(WorkerRollout.union(List.of("b", "a"), List.of("a", "c")))
        .containsExactly("b", "a", "c");
  }

  @Test
  void recordedInspectOutputGivesStateLabelsAndEnvironment() throws IOException {
    List<DockerEngine.Container> cs = DockerEngine.parse(inspectFixture());

    assertThat(cs).hasSize(1);
    DockerEngine.Container c = cs.get(0);
    assertThat(c.name()).isEqualTo("lab_deployment_minio_1");
    assertThat(c.project()).isEqualTo("lab_deployment");
    assertThat(c.service()).isEqualTo("minio");
    assertThat(c.running()).isTrue();
    assertThat(c.restarts()).isZero();
    assertThat(c.env()).containsEntry("MINIO_ROOT_USER", "minio-admin");
    assertThat(c.startedAt().toString()).startsWith("20");
    assertThat(DockerEngine.parse("")).isEmpty();
  }

  /** {@code docker inspect} of a MinIO container of the lab deployment, as recorded. */
  private static String inspectFixture() throws IOException {
    try (InputStream in =
        WorkerRolloutTest.class.getResourceAsStream("/docker/inspect-minio.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
