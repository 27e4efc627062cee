package io.testbed.plugins.compose.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import io.testbed.plugins.compose.lint.Finding.Severity;
import io.testbed.plugins.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every lint check, each with a case that finds the problem and one that does not. */
class LintTest {
  /** A worker with everything it needs to fetch its plugins. */
  static final String GOOD_WORKER = """
        tfcpu-01:
          image: dioptra/tensorflow2-cpu:1.0
          environment:
            DIOPTRA_PLUGINS_S3_URI: s3://plugins/dioptra_builtins
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
            AWS_ACCESS_KEY_ID: minio
            AWS_SECRET_ACCESS_KEY: minio123
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return TestFiles.write(dir, name, text);
  }

  private List<Finding> lint(String compose) throws IOException {
    return lint(compose, Map.of());
  }

  private List<Finding> lint(String compose, Map<String, String> env) throws IOException {
    Path p = write("docker-compose.yml", compose);
    ComposeProject project = ComposeProject.discover(p, dir, env);
    List<String> workers = WorkerSelector.workers(
        WorkerSelector.select(project.base(), WorkerSelection.defaults()));
    return Lint.check(project, workers, List.of());
  }

  private static List<Finding> of(List<Finding> findings, String check) {
    return findings.stream().filter(f -> f.check().equals(check)).toList();
  }

  @Test
  void aWellFormedDeploymentHasNoFindings() throws Exception {
    assertThat(lint("services:\n" + GOOD_WORKER)).isEmpty();
  }

  @Test
  void anUndeclaredNamedVolumeIsAnErrorWithItsPlaceAndLine() throws Exception {
    List<Finding> f = of(lint("""
        x-worker-volumes: &worker-volumes
          - ./data:/work/data:ro
          - nfs-datasets:/nfs/data
        services:
        """ + GOOD_WORKER + """
            volumes: *worker-volumes
          tfcpu-02:
            image: dioptra/tensorflow2-cpu:1.0
            volumes: *worker-volumes
        # volumes:
        #   nfs-datasets:
        """), Lint.UNDECLARED_VOLUME);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.severity()).isEqualTo(Severity.ERROR);
      assertThat(x.place()).hasToString(dir.resolve("docker-compose.yml") + ":3:5");
      assertThat(x.line()).isEqualTo("  - nfs-datasets:/nfs/data");
      assertThat(x.message()).contains("'nfs-datasets'", "tfcpu-01, tfcpu-02");
      assertThat(x.fix()).contains("volumes:");
    });
  }

  @Test
  void declaredVolumesHostPathsAndAnonymousVolumesAreFine() throws Exception {
    assertThat(of(lint("services:\n" + GOOD_WORKER + """
            volumes:
              - nfs-datasets:/nfs/data
              - ./data:/work/data
              - /var/cache
              - type: volume
                source: nfs-datasets
                target: /other
        volumes:
          nfs-datasets: {}
        """), Lint.UNDECLARED_VOLUME)).isEmpty();
  }

  @Test
  void aLongSyntaxVolumeIsChecked() throws Exception {
    assertThat(of(lint("services:\n" + GOOD_WORKER + """
            volumes:
              - type: volume
                source: missing-volume
                target: /x
        """), Lint.UNDECLARED_VOLUME)).singleElement()
        .satisfies(x -> assertThat(x.message()).contains("'missing-volume'"));
  }

  @Test
  void anUndeclaredNetworkIsAnError() throws Exception {
    assertThat(of(lint("services:\n" + GOOD_WORKER + """
            networks:
              - testbed
        """), Lint.UNDECLARED_NETWORK)).singleElement()
        .satisfies(x -> assertThat(x.message()).contains("'testbed'"));
  }

  @Test
  void declaredAndDefaultNetworksAreFine() throws Exception {
    assertThat(of(lint("services:\n" + GOOD_WORKER + """
            networks: [testbed, default]
        networks:
          testbed:
            name: testbed
        """), Lint.UNDECLARED_NETWORK)).isEmpty();
  }

  @Test
  void aMissingRequiredEnvFileIsAnErrorAndAnOptionalOneIsNot() throws Exception {
    List<Finding> f = of(lint("services:\n" + GOOD_WORKER + """
            env_file:
              - ./envs/missing.env
              - path: ./envs/optional.env
                required: false
        """), Lint.MISSING_ENV_FILE);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.message()).contains("missing.env", "tfcpu-01");
      assertThat(x.fix()).contains("required: false");
    });
  }

  @Test
  void anExistingEnvFileIsFine() throws Exception {
    write("envs/worker.env", "X=1\n");
    assertThat(of(lint("services:\n" + GOOD_WORKER + "    env_file: ./envs/worker.env\n"),
        Lint.MISSING_ENV_FILE)).isEmpty();
  }

  @Test
  void anUnsetVariableWithoutDefaultIsAWarningAtTheReference() throws Exception {
    List<Finding> f = of(lint("services:\n" + GOOD_WORKER + """
            hostname: worker-${SITE}
            user: ${UID:-1000}
            command: --queue ${QUEUE:?set the queue}
        """), Lint.UNSET_VARIABLE);
    assertThat(f).hasSize(2);
    assertThat(f.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(f.get(0).place().column()).isEqualTo(22);
    assertThat(f.get(0).message()).contains("${SITE}", "empty string");
    assertThat(f.get(1).severity()).isEqualTo(Severity.ERROR);
    assertThat(f.get(1).message()).contains("${QUEUE}", "required");
  }

  @Test
  void variablesSetInDotEnvOrTheEnvironmentAreFine() throws Exception {
    write(".env", "SITE=lab\n");
    assertThat(of(lint("services:\n" + GOOD_WORKER + """
            hostname: worker-${SITE}
            command: --queue $QUEUE and $$LITERAL
        """, Map.of("QUEUE", "tensorflow_cpu")), Lint.UNSET_VARIABLE)).isEmpty();
  }

  @Test
  void unsetReferencesInEnvFilesAreReportedButEarlierEntriesCount() throws Exception {
    write("envs/worker.env", "BASE=s3://plugins\nA=${BASE}/x\nB=${NOPE}/y\n");
    List<Finding> f = of(lint("services:\n" + GOOD_WORKER + "    env_file: ./envs/worker.env\n"),
        Lint.UNSET_VARIABLE);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.place()).hasToString(dir.resolve("envs/worker.env") + ":3:3");
      assertThat(x.line()).isEqualTo("B=${NOPE}/y");
    });
  }

  @Test
  void aWorkerWithoutItsPluginVariableIsAnError() throws Exception {
    List<Finding> f = of(lint("services:\n" + GOOD_WORKER.replace(
        "      DIOPTRA_PLUGINS_S3_URI: s3://plugins/dioptra_builtins\n", "")),
        Lint.PLUGIN_VARIABLE);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.service()).isEqualTo("tfcpu-01");
      assertThat(x.message()).contains("AI_PLUGINS_S3_URI or DIOPTRA_PLUGINS_S3_URI");
      assertThat(x.line()).isEqualTo("  tfcpu-01:");
    });
  }

  @Test
  void anEmptyPluginVariableIsAnErrorAtItsDefinition() throws Exception {
    write("envs/worker.env", "DIOPTRA_PLUGINS_S3_URI=\n");
    List<Finding> f = of(lint("services:\n" + GOOD_WORKER.replace(
        "      DIOPTRA_PLUGINS_S3_URI: s3://plugins/dioptra_builtins\n", "")
        + "    env_file: ./envs/worker.env\n"), Lint.PLUGIN_VARIABLE);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.message()).contains("is empty");
      assertThat(x.place().file()).isEqualTo(dir.resolve("envs/worker.env").toString());
    });
  }

  @Test
  void aPluginVariableFromAnEnvFileCounts() throws Exception {
    write("envs/worker.env", "DIOPTRA_PLUGINS_S3_URI=s3://plugins/dioptra_builtins\n");
    assertThat(of(lint("services:\n" + GOOD_WORKER.replace(
        "      DIOPTRA_PLUGINS_S3_URI: s3://plugins/dioptra_builtins\n", "")
        + "    env_file: ./envs/worker.env\n"), Lint.PLUGIN_VARIABLE)).isEmpty();
  }

  @Test
  void aMissingEndpointIsAnError() throws Exception {
    assertThat(of(lint("services:\n" + GOOD_WORKER.replace(
        "      MLFLOW_S3_ENDPOINT_URL: http://minio:9000\n", "")), Lint.S3_ENDPOINT))
        .singleElement().satisfies(x -> assertThat(x.message()).contains("MLFLOW_S3_ENDPOINT_URL"));
    assertThat(of(lint("services:\n" + GOOD_WORKER), Lint.S3_ENDPOINT)).isEmpty();
  }

  @Test
  void missingOrNullCredentialsAreErrors() throws Exception {
    List<Finding> f = of(lint("services:\n" + GOOD_WORKER
        .replace("      AWS_ACCESS_KEY_ID: minio\n", "")
        .replace("AWS_SECRET_ACCESS_KEY: minio123", "AWS_SECRET_ACCESS_KEY: # Replace")),
        Lint.S3_CREDENTIALS);
    assertThat(f).hasSize(2);
    assertThat(f).anySatisfy(x -> assertThat(x.message()).contains("has no AWS_ACCESS_KEY_ID"));
    assertThat(f).anySatisfy(x -> assertThat(x.message())
        .contains("AWS_SECRET_ACCESS_KEY has no value"));
  }

  @Test
  void credentialsFromDotEnvInterpolationAreFine() throws Exception {
    write(".env", "KEY=minio\nSECRET=minio123\n");
    assertThat(of(lint("services:\n" + GOOD_WORKER
        .replace("AWS_ACCESS_KEY_ID: minio", "AWS_ACCESS_KEY_ID: ${KEY}")
        .replace("AWS_SECRET_ACCESS_KEY: minio123", "AWS_SECRET_ACCESS_KEY: ${SECRET}")),
        Lint.S3_CREDENTIALS)).isEmpty();
  }

  @Test
  void aNameCloseToAPluginVariableIsAWarning() throws Exception {
    List<Finding> f = of(lint("services:\n" + GOOD_WORKER + "      AI_PLUGIN_S3_URI: s3://x/y\n"),
        Lint.VARIABLE_TYPO);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.severity()).isEqualTo(Severity.WARNING);
      assertThat(x.message()).contains("AI_PLUGIN_S3_URI", "misspelling of AI_PLUGINS_S3_URI");
    });
  }

  @Test
  void unrelatedNamesAreNotTypos() throws Exception {
    assertThat(of(lint("services:\n" + GOOD_WORKER + "      AI_RESTAPI_ENV: prod\n"),
        Lint.VARIABLE_TYPO)).isEmpty();
  }

  @Test
  void aPluginUriThatIsNotS3BucketPrefixIsAnError() throws Exception {
    for (String bad : List.of("http://plugins/x", "s3://Plugins/x", "s3://a/x", "plugins/x",
        "s3://bad..bucket/x", "s3://192.168.1.1/x")) {
      assertThat(of(lint("services:\n" + GOOD_WORKER.replace("s3://plugins/dioptra_builtins",
          bad)), Lint.PLUGIN_URI)).as(bad).singleElement()
          .satisfies(x -> assertThat(x.message()).contains(bad));
    }
    assertThat(of(lint("services:\n" + GOOD_WORKER), Lint.PLUGIN_URI)).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadBecomesAFindingNotAnException() throws Exception {
    write("envs/worker.env", "export\n=oops\n");
    assertThat(lint("services:\n" + GOOD_WORKER + "    env_file: ./envs/worker.env\n"))
        .anySatisfy(x -> assertThat(x.check()).isEqualTo(Lint.INVALID));
  }

  @Test
  void editDistanceStopsEarly() {
    assertThat(Lint.distance("AI_PLUGIN_S3_URI", "AI_PLUGINS_S3_URI", 2)).isEqualTo(1);
    assertThat(Lint.distance("COMPLETELY_DIFFERENT", "AI_PLUGINS_S3_URI", 2)).isEqualTo(3);
  }
}
