package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.SdkCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dioptra deployment template before its init script has run: the example's compose file
 * without {@code envs/}. Every command that does not need the env files' content works and warns
 * once per missing file, with its {@code file:line:col}; lint still calls it an error.
 */
@ExtendWith({EmbeddedS3Extension.class, SdkCredentials.class})
class TemplateWithoutEnvFilesTest {
  static final String VAR = "DIOPTRA_PLUGINS_S3_URI";
  static final String WARNING = ":40:9: env_file %s/envs/dioptra-deployment-worker.env of service"
      + " dioptra-deployment-tfcpu-01 does not exist (read as empty); docker compose will refuse"
      + " to start dioptra-deployment-tfcpu-01 until it exists";

  @TempDir Path dir;
  Path compose;

  @BeforeEach
  void template() throws IOException {
    compose = Files.copy(DioptraLayoutTest.EXAMPLE.resolve("docker-compose.yml"),
        dir.resolve("docker-compose.yml"));
  }

  private String warning() {
    return compose + String.format(WARNING, dir);
  }

  @Test
  void workersAndSetEnvWarnAndEditEnvironment() throws IOException {
    CliRun workers = CliRun.of("compose", "workers", "--compose", compose.toString(), "--var",
        VAR);
    assertThat(workers.exitCode()).as(workers.err()).isZero();
    assertThat(workers.out()).contains("3 of 6 services are workers");
    assertThat(workers.err()).contains("warning: " + warning() + "\n");

    CliRun set = CliRun.of("compose", "set-env", "--compose", compose.toString(), "--set",
        VAR + "=s3://plugins/new");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.err()).contains(warning());
    assertThat(Files.readString(compose)).contains("      " + VAR + ": s3://plugins/new\n");
    assertThat(dir.resolve("envs")).doesNotExist();

    CliRun lint = CliRun.of("lint", "--compose", compose.toString());
    assertThat(lint.exitCode()).isNotZero();
    assertThat(lint.out()).contains("[missing-env-file]");
  }

  @Test
  void targetEnvFileCreatesTheFileShownAsNewInTheDiff() throws IOException {
    CliRun dry = CliRun.of("compose", "set-env", "--compose", compose.toString(), "--set",
        VAR + "=s3://plugins/new", "--target", "env-file", "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("--- /dev/null\n+++ b/"
        + dir.toString().substring(1) + "/envs/dioptra-deployment-worker.env\n");
    CliRun set = CliRun.of("compose", "set-env", "--compose", compose.toString(), "--set",
        VAR + "=s3://plugins/new", "--target", "env-file");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(Files.readString(dir.resolve("envs/dioptra-deployment-worker.env")))
        .isEqualTo(VAR + "=s3://plugins/new\n");
  }

  @Test
  void statusAndConfigurePrintTheWarningBesideTheirFindings(EmbeddedS3 s3) throws IOException {
    String bucket = "plugins-" + UUID.randomUUID().toString().substring(0, 8);
    String[] common = {"--compose", compose.toString(), "--plugins",
        DioptraLayoutTest.BUILTINS.toString(), "--s3-uri", "s3://" + bucket + "/builtins",
        "--var", VAR, "--endpoint-url", s3.endpoint().toString()};
    CliRun status = CliRun.of(concat("status", common));
    assertThat(status.out()).as(status.err()).contains("warning  " + warning() + "\n");
    assertThat(status.out()).doesNotContain("[missing-env-file]");

    CliRun configure = CliRun.of(concat("configure", common));
    assertThat(configure.exitCode()).as(configure.out() + configure.err()).isZero();
    assertThat(configure.out()).contains("warning  " + warning() + "\n")
        .doesNotContain("[missing-env-file]");
    assertThat(Files.readString(compose)).contains("      " + VAR + ": s3://" + bucket
        + "/builtins\n");
  }

  private static String[] concat(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
