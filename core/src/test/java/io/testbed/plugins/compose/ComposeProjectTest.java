package io.testbed.plugins.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.compose.ComposeProject.EnvVar;
import io.testbed.plugins.compose.ComposeProject.Origin;
import io.testbed.plugins.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeProjectTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return TestFiles.write(dir, name, text);
  }

  private String value(ComposeProject project, String service, String name) {
    return project.value(project.environment(service).get(name)).orElse(null);
  }

  @Test
  void envFilesComeFirstInOrderAndEnvironmentWins() throws IOException {
    write("envs/worker.env", "A=from-worker\nB=from-worker\nC=from-worker\n");
    write("envs/gpu.env", "B=from-gpu\n");
    Path compose = write("docker-compose.yml", """
        services:
          w:
            image: x
            env_file:
              - ./envs/worker.env
              - path: ./envs/gpu.env
              - path: ./envs/missing.env
                required: false
            environment:
              C: from-environment
        """);
    ComposeProject p = ComposeProject.load(compose, Map.of());
    assertThat(value(p, "w", "A")).isEqualTo("from-worker");
    assertThat(value(p, "w", "B")).isEqualTo("from-gpu");
    assertThat(value(p, "w", "C")).isEqualTo("from-environment");
    EnvVar b = p.environment("w").get("B");
    assertThat(b.origin()).isEqualTo(Origin.ENV_FILE);
    assertThat(b.place()).hasToString(dir.resolve("envs/gpu.env") + ":1:1");
    assertThat(p.environment("w").get("C").place()).hasToString(compose + ":10:7");
    assertThat(p.envFiles("w")).extracting(ComposeProject.EnvFile::required)
        .containsExactly(true, true, false);
  }

  @Test
  void aSingleEnvFileStringIsAccepted() throws IOException {
    write("w.env", "X=1\n");
    Path compose = write("compose.yaml", "services:\n  w:\n    env_file: w.env\n");
    assertThat(value(ComposeProject.load(compose, Map.of()), "w", "X")).isEqualTo("1");
  }

  @Test
  void aMissingRequiredEnvFileReadsAsEmptyAndIsAWarningWhereItIsNamed() throws IOException {
    Path compose = write("compose.yaml",
        "services:\n  w:\n    env_file: [./nope.env]\n    environment: [A=1]\n");
    ComposeProject p = ComposeProject.load(compose, Map.of());
    assertThat(p.environment("w")).containsOnlyKeys("A");
    assertThat(p.missingEnvFiles()).containsExactly(compose + ":3:16: env_file "
        + dir.resolve("nope.env") + " of service w does not exist (read as empty); docker compose"
        + " will refuse to start w until it exists");
  }

  @Test
  void valuesInterpolateFromTheProcessEnvironmentFirstThenDotEnv() throws IOException {
    write(".env", "HOST=minio\nPORT=9000\n");
    Path compose = write("docker-compose.yml", """
        services:
          w:
            environment:
              URL: http://${HOST}:${PORT}
              LITERAL: pa$$word
              INHERITED:
        """);
    ComposeProject p = ComposeProject.load(compose, Map.of("PORT", "39000", "INHERITED", "yes"));
    assertThat(value(p, "w", "URL")).isEqualTo("http://minio:39000");
    assertThat(value(p, "w", "LITERAL")).isEqualTo("pa$word");
    assertThat(value(p, "w", "INHERITED")).isEqualTo("yes");
    assertThat(p.variableSource("HOST")).isEqualTo(dir.resolve(".env") + ":1");
    assertThat(p.variableSource("PORT")).isEqualTo("the environment");
  }

  @Test
  void aRequiredVariableWithoutValueIsReportedAtTheVariable() throws IOException {
    Path compose = write("docker-compose.yml",
        "services:\n  w:\n    environment:\n      - URL=${HOST:?set HOST in .env}\n");
    ComposeProject p = ComposeProject.load(compose, Map.of());
    assertThatThrownBy(() -> p.value(p.environment("w").get("URL")))
        .isInstanceOf(ComposeException.class)
        .hasMessageStartingWith(compose + ":4:9: URL: required variable HOST is missing a value")
        .hasMessageContaining("set HOST in .env");
  }

  @Test
  void laterComposeFilesWinKeyByKeyAndAddEnvFiles() throws IOException {
    write("extra.env", "E=extra\n");
    Path base = write("docker-compose.yml",
        "services:\n  w:\n    environment:\n      A: base\n      B: base\n");
    Path override = write("docker-compose.override.yml",
        "services:\n  w:\n    env_file: extra.env\n    environment:\n      B: override\n  new:\n    image: y\n");
    ComposeProject p = ComposeProject.of(
        List.of(ComposeFile.read(base), ComposeFile.read(override)), Map.of());
    assertThat(value(p, "w", "A")).isEqualTo("base");
    assertThat(value(p, "w", "B")).isEqualTo("override");
    assertThat(value(p, "w", "E")).isEqualTo("extra");
    assertThat(p.environment("w").get("B").place().file()).isEqualTo(override.toString());
    assertThat(p.serviceNames()).containsExactly("w", "new");
  }

  @Test
  void environmentsInheritedThroughMergeKeysArePlacedWhereWritten() throws IOException {
    Path compose = write("docker-compose.yml", """
        x-worker: &worker
          environment:
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
        services:
          w:
            <<: *worker
        """);
    EnvVar v = ComposeProject.load(compose, Map.of()).environment("w").get("MLFLOW_S3_ENDPOINT_URL");
    assertThat(v.place().line()).isEqualTo(3);
    assertThat(v.written()).isEqualTo("http://minio:9000");
  }

  @Test
  void anUnknownServiceIsAUsageError() throws IOException {
    Path compose = write("docker-compose.yml", "services:\n  w:\n    image: x\n");
    assertThatThrownBy(() -> ComposeProject.load(compose, Map.of()).environment("nope"))
        .isInstanceOf(ComposeException.class)
        .hasMessageContaining("no service named 'nope'");
  }
}
