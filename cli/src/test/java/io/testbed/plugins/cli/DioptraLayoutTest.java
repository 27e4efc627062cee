package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.SdkCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newer Dioptra layout end to end (workers configured through env files): configure, status,
 * set-env with --target and --override-file, and lint, on a copy of the example deployment.
 */
@ExtendWith({EmbeddedS3Extension.class, SdkCredentials.class})
class DioptraLayoutTest {
  static final Path EXAMPLE = Path.of("..", "examples", "dioptra_deployment");
  static final Path BUILTINS = Path.of("..", "examples", "task-plugins", "securingai_builtins");
  static final String VAR = "DIOPTRA_PLUGINS_S3_URI";
  static final String WORKER_ENV = "envs/dioptra-deployment-worker.env";

  @TempDir Path tmp;
  EmbeddedS3 s3;
  String bucket;
  Path dir;
  Path compose;

  @BeforeEach
  void setUp(EmbeddedS3 s3) throws IOException {
    this.s3 = s3;
    bucket = "plugins-" + UUID.randomUUID().toString().substring(0, 8);
    dir = tmp.resolve("dioptra");
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      for (Path p : files.toList()) {
        Path to = dir.resolve(EXAMPLE.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    compose = dir.resolve("docker-compose.yml");
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }

  private CliRun configure(String... extra) {
    List<String> args = new ArrayList<>(List.of("configure", "--compose", compose.toString(),
        "--plugins", BUILTINS.toString(), "--s3-uri", "s3://" + bucket + "/dioptra_builtins",
        "--var", VAR, "--endpoint-url", s3.endpoint().toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private CliRun setEnv(String... extra) {
    List<String> args = new ArrayList<>(List.of("compose", "set-env", "--compose",
        compose.toString(), "--set", VAR + "=s3://plugins/new_builtins"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void configureEditsTheWorkersEnvFileAndStatusReportsWhereTheValueComesFrom() throws Exception {
    String composeBefore = read("docker-compose.yml");
    CliRun dry = configure("--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("--- a/" + dir.resolve(WORKER_ENV).toString().substring(1))
        .contains("+" + VAR + "=s3://" + bucket + "/dioptra_builtins");

    CliRun r = configure();
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("wrote    " + dir.resolve(WORKER_ENV));
    assertThat(read("docker-compose.yml")).isEqualTo(composeBefore);
    assertThat(read(WORKER_ENV)).contains(VAR + "=s3://" + bucket + "/dioptra_builtins\n");

    assertThat(configure().out()).contains("\nUp to date:");
    CliRun status = CliRun.of("status", "--compose", compose.toString(), "--plugins",
        BUILTINS.toString(), "--s3-uri", "s3://" + bucket + "/dioptra_builtins", "--var", VAR,
        "--endpoint-url", s3.endpoint().toString());
    assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
    assertThat(status.out()).contains("service dioptra-deployment-tfcpu-01: " + VAR + " set ("
        + dir.resolve(WORKER_ENV) + ":3)");
  }

  @Test
  void configurePrintsLintFindingsBeforeThePlanAndDoesNotRefuseOverThem() throws Exception {
    Files.writeString(compose, read("docker-compose.yml")
        .replace("      - worker-etc-ssl:/etc/ssl:ro\n\n  dioptra-deployment-pytorchcpu-01",
            "      - nfs-datasets:/datasets\n\n  dioptra-deployment-pytorchcpu-01"));
    CliRun r = configure("--dry-run");
    assertThat(r.exitCode()).as(r.err()).isZero();
    int finding = r.out().indexOf("[undeclared-volume]");
    assertThat(finding).isPositive().isLessThan(r.out().indexOf("bucket   s3://"));
    assertThat(r.out()).contains("lint     1 error, 0 warnings");
  }

  @Test
  void configureWithAnOverrideFileLeavesTheBaseAndEnvFilesAlone() throws Exception {
    String composeBefore = read("docker-compose.yml");
    String envBefore = read(WORKER_ENV);
    CliRun r = configure("--override-file");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(read("docker-compose.yml")).isEqualTo(composeBefore);
    assertThat(read(WORKER_ENV)).isEqualTo(envBefore);
    assertThat(read("docker-compose.override.yml"))
        .contains("  dioptra-deployment-tfgpu-01:\n    environment:\n      " + VAR + ": s3://"
            + bucket + "/dioptra_builtins\n");
    assertThat(configure("--override-file").out()).contains("\nUp to date:");
  }

  @Test
  void aSharedEnvFileIsRefusedAndTargetEnvironmentIsTheRemedy() throws Exception {
    Files.writeString(compose, read("docker-compose.yml")
        .replace("./envs/dioptra-deployment-restapi.env", "./" + WORKER_ENV));
    String envBefore = read(WORKER_ENV);
    CliRun refused = setEnv();
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("also read by dioptra-deployment-restapi",
        "--target environment");
    assertThat(read(WORKER_ENV)).isEqualTo(envBefore);

    CliRun r = setEnv("--target", "environment");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(read(WORKER_ENV)).isEqualTo(envBefore);
    assertThat(read("docker-compose.yml")).contains("      " + VAR + ": s3://plugins/new_builtins");
  }

  @Test
  void targetAndOverrideOptionsAreCheckedAsUsage() {
    assertThat(setEnv("--target", "bogus").exitCode()).isEqualTo(2);
    CliRun both = setEnv("--target", "env-file", "--override-file");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--override-file", "--target env-file");
  }

  @Test
  void workersShowTheEffectiveValueFromTheEnvFile() {
    CliRun r = CliRun.of("compose", "workers", "--compose", compose.toString(), "--var", VAR);
    assertThat(r.out()).contains("s3://plugins/dioptra_builtins").doesNotContain("(not set)  image");
  }

  @Test
  void lintOfTheExampleIsCleanAndOfABrokenFileListsEveryProblem() throws Exception {
    CliRun clean = CliRun.of("lint", "--compose", compose.toString());
    assertThat(clean.exitCode()).as(clean.out()).isZero();
    assertThat(clean.out()).startsWith("No problems found in ");

    Files.writeString(dir.resolve(WORKER_ENV), read(WORKER_ENV)
        .replace("DIOPTRA_PLUGINS_S3_URI=", "DIOPTRA_PLUGIN_S3_URI=")
        .replace("MLFLOW_S3_ENDPOINT_URL=http://dioptra-deployment-minio:9000\n", ""));
    CliRun r = CliRun.of("lint", "--compose", compose.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains(dir.resolve(WORKER_ENV) + ":3:1: warning: DIOPTRA_PLUGIN_S3_URI in worker")
        .contains("    DIOPTRA_PLUGIN_S3_URI=s3://plugins/dioptra_builtins\n    ^\n")
        .contains("    fix: Rename it to DIOPTRA_PLUGINS_S3_URI.")
        .contains("[plugin-variable]", "[s3-endpoint]", "[variable-typo]");

    CliRun json = CliRun.of("lint", "--compose", compose.toString(), "--json");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(json.out()).startsWith("{\"files\":[").contains("\"severity\":\"warning\"",
        "\"check\":\"variable-typo\"", "\"line\":3", "\"column\":1");
  }

  @Test
  void lintOfAFileThatDoesNotParseIsOneFindingWithoutAStackTrace() throws Exception {
    Files.writeString(compose, "services:\n  a: [\n");
    CliRun r = CliRun.of("lint", "--compose", compose.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("error:", "[invalid]");
    assertThat(r.out() + r.err()).doesNotContain("\tat ", "Exception");
  }
}
