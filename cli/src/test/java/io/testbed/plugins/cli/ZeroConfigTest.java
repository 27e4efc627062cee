package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.s3.BucketPlan;
import io.testbed.plugins.s3.BucketProvisioner;
import io.testbed.plugins.s3.RemoteObject;
import io.testbed.plugins.s3.RemoteTree;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code configure --plugins DIR}, run in the deployment directory with no S3 option: the example
 * deployment's own endpoint (MinIO's published {@code ${MINIO_PORT}}) and credentials ({@code
 * .env}), against S3Proxy in process on that port with those credentials.
 */
@ExtendWith(EmbeddedS3Extension.class)
class ZeroConfigTest {
  @TempDir Path tmp;
  EmbeddedS3 s3;
  Path lab;
  Path compose;
  Path plugins;
  String collection;

  @BeforeEach
  void setUp(EmbeddedS3 s3) throws IOException {
    this.s3 = s3;
    lab = labDeployment(tmp, s3);
    compose = lab.resolve("docker-compose.yml");
    collection = "builtins-" + UUID.randomUUID().toString().substring(0, 8);
    plugins = tmp.resolve("task-plugins").resolve(collection);
    ConfigureCommandTest.copyTree(ConfigureCommandTest.BUILTINS, plugins);
  }

  /**
   * The example deployment in {@code tmp/lab_deployment}, its {@code .env} pointing MinIO's
   * published port and credentials at {@code s3}.
   */
  static Path labDeployment(Path tmp, EmbeddedS3 s3) throws IOException {
    Path lab = Files.createDirectories(tmp.resolve("lab_deployment"));
    Files.copy(ConfigureCommandTest.LAB_COMPOSE, lab.resolve("docker-compose.yml"));
    String dotEnv = Files.readString(ConfigureCommandTest.EXAMPLES.resolve("lab_deployment/.env"));
    Files.writeString(lab.resolve(".env"), dotEnv
        .replaceFirst("MINIO_ROOT_USER=.*", "MINIO_ROOT_USER=" + s3.accessKey())
        .replaceFirst("MINIO_ROOT_PASSWORD=.*", "MINIO_ROOT_PASSWORD=" + s3.secretKey())
        .replaceFirst("MINIO_PORT=.*", "MINIO_PORT=" + s3.endpoint().getPort()));
    return lab;
  }

  private S3Session session() {
    return S3Session.open(S3Settings.builder().endpoint(s3.endpoint())
        .credentials(s3.accessKey(), s3.secretKey()).build());
  }

  private CliProcess cli(Map<String, String> env) {
    return new CliProcess(lab, env);
  }

  @Test
  void theTwoLineFormConfiguresTheDeploymentFromItsOwnSettings() throws Exception {
    byte[] before = Files.readAllBytes(compose);
    int port = s3.endpoint().getPort();

    CliProcess.Result dry = cli(Map.of()).run("configure", "--plugins", plugins.toString(), "--dry-run");

    assertThat(dry.exit()).as(dry.all()).isZero();
    assertThat(dry.out()).contains(
        "endpoint http://127.0.0.1:" + port + " (MLFLOW_S3_ENDPOINT_URL of tfcpu-01 and 7 more,"
            + " docker-compose.yml:130, via minio's published port " + port + ")\n",
        "credentials AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of tfcpu-01"
            + " (docker-compose.yml:128, docker-compose.yml:129, from .env:3, .env:4)\n",
        "location s3://plugins/" + collection + " for ",
        "(the default, s3://plugins/<name of the --plugins directory>; give --s3-uri to choose)",
        "+      AI_PLUGINS_S3_URI: s3://plugins/" + collection);
    assertThat(Files.readAllBytes(compose)).isEqualTo(before);

    CliProcess.Result real = cli(Map.of()).run("configure", "--plugins", plugins.toString());
    assertThat(real.exit()).as(real.all()).isZero();
    assertThat(real.out()).startsWith("endpoint http://127.0.0.1:" + port + " (")
        .contains("\ncredentials AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of tfcpu-01")
        .contains("\ncreated  bucket s3://plugins");
    assertThat(ComposeFile.read(compose).envValue("tfcpu-01", "AI_PLUGINS_S3_URI"))
        .hasValue("s3://plugins/" + collection);
    try (S3Session session = session()) {
      assertThat(RemoteTree.list(session, S3Location.parse("s3://plugins/" + collection))
              .objects().stream().map(RemoteObject::path).sorted().toList())
          .isEqualTo(List.copyOf(ConfigureCommandTest.files(plugins).keySet()));
    }

    CliProcess.Result status = cli(Map.of()).run("status", "--plugins", plugins.toString(), "--json");
    assertThat(status.exit()).as(status.all()).isZero();
    assertThat(status.out()).contains(
        "\"endpoint\":\"http://127.0.0.1:" + port + "\"",
        "\"endpointSource\":\"MLFLOW_S3_ENDPOINT_URL of tfcpu-01 and 7 more, docker-compose.yml:131,"
            + " via minio's published port " + port + "\"",
        "\"credentialsSource\":\"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of tfcpu-01",
        "\"fromDeployment\":true",
        "\"defaultDestination\":true");

    CliProcess.Result again = cli(Map.of()).run("configure", "--plugins", plugins.toString());
    assertThat(again.out()).startsWith("endpoint http://127.0.0.1:" + port + " (")
        .contains("\ncredentials AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of tfcpu-01")
        .contains("\nUp to date");
  }

  @Test
  void theProcessEnvironmentWinsOverDotEnvAndExplicitOptionsWinOverTheDeployment()
      throws Exception {
    Files.writeString(lab.resolve(".env"), Files.readString(lab.resolve(".env"))
        .replaceFirst("MINIO_PORT=.*", "MINIO_PORT=1"));
    CliProcess.Result fromEnv = cli(Map.of("MINIO_PORT", "" + s3.endpoint().getPort()))
        .run("status", "--plugins", plugins.toString());
    assertThat(fromEnv.all()).contains("endpoint " + s3.endpoint() + " (");
    assertThat(fromEnv.exit()).as(fromEnv.all()).isEqualTo(ExitCode.PENDING);

    Files.writeString(lab.resolve(".env"), "MINIO_ROOT_USER=wrong\nMINIO_ROOT_PASSWORD=wrong\n");
    CliProcess.Result explicit = cli(Map.of(
            "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()))
        .run("configure", "--plugins", plugins.toString(), "--s3-uri", "s3://explicit-" + collection + "/p",
            "--endpoint-url", s3.endpoint().toString(), "--dry-run");
    assertThat(explicit.exit()).as(explicit.all()).isZero();
    assertThat(explicit.out()).contains(
        "endpoint " + s3.endpoint() + " (--endpoint-url)\n",
        "credentials AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment\n")
        .doesNotContain("location ");
  }

  @Test
  void withNoCredentialsAnywhereTheErrorIsTwoLinesAndVerboseAddsTheSdkReport() throws Exception {
    Files.delete(lab.resolve(".env"));
    Map<String, String> env = Map.of(
        "MINIO_PORT", "" + s3.endpoint().getPort(),
        "AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("none").toString(),
        "AWS_CONFIG_FILE", tmp.resolve("none").toString(),
        "AWS_EC2_METADATA_DISABLED", "true");
    CliProcess.Result r = cli(env).run("configure", "--plugins", plugins.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err().lines().toList()).hasSize(2);
    assertThat(r.err()).startsWith("testbed-plugins configure: no S3 credentials found; looked at the"
            + " deployment (empty: AWS_ACCESS_KEY_ID of tfcpu-01 (docker-compose.yml:128),"
            + " MINIO_ROOT_USER of minio (docker-compose.yml:105)), the environment and the default"
            + " profile.")
        .doesNotContain("CredentialsProvider");

    CliProcess.Result verbose = cli(env).run("configure", "--plugins", plugins.toString(), "-v");
    assertThat(verbose.err()).contains("no S3 credentials found")
        .contains("SystemPropertyCredentialsProvider");
  }

  /** Runs configure in process on the deployment; it must fail, say where, and change nothing. */
  private void refuses(String composeText, String... messageParts) throws IOException {
    Files.writeString(compose, composeText);
    byte[] before = Files.readAllBytes(compose);
    CliRun r = CliRun.of("configure", "--compose", compose.toString(), "--plugins", plugins.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains(messageParts).doesNotContain("\tat ");
    assertThat(Files.readAllBytes(compose)).isEqualTo(before);
    try (S3Session session = session()) {
      assertThat(BucketProvisioner.plan(session, "plugins").action() == BucketPlan.Action.CREATE
              || RemoteTree.list(session, S3Location.parse("s3://plugins/" + collection))
                  .objects().isEmpty())
          .as("nothing uploaded").isTrue();
    }
  }

  @Test
  void badInputInTheDeploymentIsReportedWithItsFileAndLineAndChangesNothing() throws IOException {
    String lab = Files.readString(compose);
    String published = "    ports:\n      - \"127.0.0.1:${MINIO_PORT:-9000}:9000\"  # S3 API, for tools on this host only\n";
    assertThat(lab).contains(published);
    refuses(lab.replace(published, ""),
        "docker-compose.yml:128:7: the endpoint http://minio:9000 (MLFLOW_S3_ENDPOINT_URL of"
            + " tfcpu-01) is reachable only inside the compose network",
        "    ports:\n      - \"127.0.0.1:9000:9000\"");
    refuses(lab.replace("127.0.0.1:${MINIO_PORT:-9000}:9000", "192.0.2.10:${MINIO_PORT:-9000}:9000"),
        "docker-compose.yml:109:9: minio publishes port 9000 only on 192.0.2.10");
    int first = lab.indexOf("http://minio:9000", lab.indexOf("  tfcpu-01:"));
    refuses(lab.substring(0, first) + "http://minio:9001" + lab.substring(first + 17),
        "the workers disagree on MLFLOW_S3_ENDPOINT_URL:",
        "  http://minio:9001: tfcpu-01 (docker-compose.yml:130)",
        "  http://minio:9000: tfcpu-02 (docker-compose.yml:155), tfgpu-01");
    refuses(lab.replace("AWS_SECRET_ACCESS_KEY: ${MINIO_ROOT_PASSWORD}", "AWS_SECRET_ACCESS_KEY:"),
        "docker-compose.yml:128:7: only half of tfcpu-01's credentials: AWS_ACCESS_KEY_ID is set,"
            + " but AWS_SECRET_ACCESS_KEY is empty (docker-compose.yml:129)");
  }
}
