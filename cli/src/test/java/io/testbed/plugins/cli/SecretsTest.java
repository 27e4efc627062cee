package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command, on success and error paths, verbose and JSON, with sentinel credentials in the
 * environment, in a profile, in the compose file and in the deployment's {@code .env} (where the
 * zero-config path reads them), and checks that no sentinel ever reaches stdout or stderr (where
 * the log goes).
 */
@ExtendWith(EmbeddedS3Extension.class)
class SecretsTest {
  static final String COMPOSE_SECRET = "SENTINEL-compose-secret-5f1e";
  static final String COMPOSE_PASSWORD = "SENTINEL-compose-password-77ab";
  static final String PROFILE_KEY_ID = "SENTINELPROFILEKEYID42";
  static final String PROFILE_SECRET = "SENTINEL-profile-secret-a9c3";
  static final String BAD_ENV_SECRET = "SENTINEL-wrong-env-secret-03d7";

  @TempDir Path tmp;
  EmbeddedS3 s3;
  Path plugins;
  List<String> sentinels;

  @BeforeEach
  void setUp(EmbeddedS3 s3) throws IOException {
    this.s3 = s3;
    plugins = tmp.resolve("plugins");
    ConfigureCommandTest.copyTree(ConfigureCommandTest.BUILTINS, plugins);
    Files.writeString(
        tmp.resolve("docker-compose.yml"),
        """
        services:
          minio:
            image: minio/minio
            environment:
              MINIO_ROOT_USER: admin
              MINIO_ROOT_PASSWORD: %s
          tfcpu-01:
            image: securing-ai/tensorflow2-cpu:latest
            environment:
              AWS_ACCESS_KEY_ID: admin
              AWS_SECRET_ACCESS_KEY: %s
              MLFLOW_S3_ENDPOINT_URL: http://minio:9000
        """
            .formatted(COMPOSE_PASSWORD, COMPOSE_SECRET));
    Files.writeString(
        tmp.resolve("credentials"),
        "[sentinel]\naws_access_key_id = "
            + PROFILE_KEY_ID
            + "\naws_secret_access_key = "
            + PROFILE_SECRET
            + "\n");
    sentinels = List.of(COMPOSE_SECRET, COMPOSE_PASSWORD, PROFILE_KEY_ID, PROFILE_SECRET, BAD_ENV_SECRET, s3.secretKey());
  }

  List<String> deployment(String bucket) {
    return List.of(
        "--compose", "docker-compose.yml",
        "--plugins", plugins.toString(),
        "--s3-uri", "s3://" + bucket + "/builtins",
        "--endpoint-url", s3.endpoint().toString());
  }

  static String[] args(String command, List<String> common, String... extra) {
    List<String> all = new ArrayList<>(List.of(command.split(" ")));
    all.addAll(common);
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  void assertNoSentinel(CliProcess.Result r, String what) {
    for (String sentinel : sentinels) {
      assertThat(r.all()).as("%s must not print a credential", what).doesNotContain(sentinel);
    }
  }

  @Test
  void credentialsFromTheEnvironmentNeverAppearInAnyOutput() throws Exception {
    CliProcess cli =
        new CliProcess(tmp, Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
    List<String> d = deployment("secrets-env");
    List<String[]> runs =
        List.of(
            args("configure", d, "--dry-run", "-vv"),
            args("configure", d, "--dry-run", "--json", "-v"),
            args("configure", d, "-vv"),
            args("configure", d, "--json"),
            args("status", d, "-vv"),
            args("status", d, "--json"),
            args("compose workers", List.of("--compose", "docker-compose.yml", "--json")),
            args("compose set-env", List.of("--compose", "docker-compose.yml", "--dry-run", "--set", "AI_X=1")),
            args("mb", List.of("s3://secrets-mb", "--endpoint-url", s3.endpoint().toString(), "-vv")),
            args("sync", List.of(plugins.toString(), "s3://secrets-mb/p", "--endpoint-url", s3.endpoint().toString(), "-vv", "--json")));
    for (String[] a : runs) {
      CliProcess.Result r = cli.run(a);
      assertThat(r.exit()).as("%s: %s", String.join(" ", a), r.all()).isIn(0, 3);
      assertNoSentinel(r, String.join(" ", a));
    }
  }

  @Test
  void credentialsFromTheDeploymentNeverAppearInAnyOutput() throws Exception {
    String keyId = "SENTINELDEPLOYKEYID17";
    String secret = "SENTINEL-deploy-secret-4b2e";
    Path lab = Files.createDirectories(tmp.resolve("lab"));
    try (EmbeddedS3 server = EmbeddedS3.start(tmp.resolve("store"), 0, keyId, secret)) {
      Files.copy(ConfigureCommandTest.LAB_COMPOSE, lab.resolve("docker-compose.yml"));
      Path dotEnv = lab.resolve(".env");
      Files.writeString(dotEnv, "MINIO_ROOT_USER=" + keyId + "\nMINIO_ROOT_PASSWORD=" + secret
          + "\nMINIO_PORT=" + server.endpoint().getPort() + "\n");
      List<String> checked = new ArrayList<>(sentinels);
      checked.addAll(List.of(keyId, secret));
      CliProcess cli = new CliProcess(lab, Map.of("AWS_EC2_METADATA_DISABLED", "true",
          "AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("none").toString()));
      List<String> d = List.of("--plugins", plugins.toString());
      for (String[] a :
          List.of(
              args("configure", d, "--dry-run", "-vv"),
              args("configure", d, "--dry-run", "--json", "-v"),
              args("configure", d, "-vv"),
              args("configure", d, "--json", "-v"),
              args("status", d, "-vv"),
              args("status", d, "--json"))) {
        CliProcess.Result r = cli.run(a);
        assertThat(r.exit()).as("%s: %s", String.join(" ", a), r.all()).isIn(0, 3);
        for (String sentinel : checked) {
          assertThat(r.all()).as(String.join(" ", a)).doesNotContain(sentinel);
        }
      }
      for (String env :
          List.of(
              "MINIO_ROOT_USER=" + keyId + "\nMINIO_ROOT_PASSWORD=" + BAD_ENV_SECRET, // rejected
              "MINIO_ROOT_USER=" + keyId + "\nMINIO_ROOT_PASSWORD=", // only one half
              "MINIO_ROOT_USER=\nMINIO_ROOT_PASSWORD=")) { // none: the SDK's report with -v
        Files.writeString(dotEnv, env + "\nMINIO_PORT=" + server.endpoint().getPort() + "\n");
        CliProcess.Result r = cli.run(args("configure", d, "-vv", "--stacktrace"));
        assertThat(r.exit()).as(r.all()).isEqualTo(ExitCode.FAILURE);
        for (String sentinel : checked) {
          assertThat(r.all()).as(env).doesNotContain(sentinel);
        }
      }
    }
  }

  @Test
  void secretLookingComposeValuesAreMaskedInDiffsUnlessShowSecretsIsGiven() throws Exception {
    CliProcess cli =
        new CliProcess(tmp, Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
    CliProcess.Result masked = cli.run(args("configure", deployment("secrets-mask"), "--dry-run"));
    assertThat(masked.exit()).as(masked.all()).isZero();
    assertThat(masked.out()).contains("AWS_SECRET_ACCESS_KEY: ***").doesNotContain(COMPOSE_SECRET);

    CliProcess.Result shown = cli.run(args("configure", deployment("secrets-mask"), "--dry-run", "--show-secrets"));
    assertThat(shown.out()).contains("AWS_SECRET_ACCESS_KEY: " + COMPOSE_SECRET);
  }

  @Test
  void credentialsFromAProfileNeverAppearEvenWhenTheServerRejectsThem() throws Exception {
    CliProcess cli =
        new CliProcess(tmp, Map.of("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("credentials").toString(), "AWS_CONFIG_FILE", tmp.resolve("none").toString()));
    List<String> d = new ArrayList<>(deployment("secrets-profile"));
    d.addAll(List.of("--profile", "sentinel"));
    for (String[] a :
        List.of(
            args("configure", d, "-vv", "--stacktrace"),
            args("status", d, "--json"),
            args("mb", List.of("s3://secrets-profile", "--profile", "sentinel", "--endpoint-url", s3.endpoint().toString(), "-vv")))) {
      CliProcess.Result r = cli.run(a);
      // status reports what it could check: the worker lacks its variable (drift, 3), and the
      // bucket is not checked (the server rejects the credentials)
      assertThat(r.exit()).as("%s: %s", String.join(" ", a), r.all())
          .isEqualTo(a[0].equals("status") ? ExitCode.PENDING : ExitCode.FAILURE);
      assertNoSentinel(r, String.join(" ", a));
    }
  }

  @Test
  void wrongCredentialsAndAnUnreachableEndpointFailWithoutPrintingThem() throws Exception {
    CliProcess cli =
        new CliProcess(tmp, Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", BAD_ENV_SECRET));
    CliProcess.Result rejected = cli.run(args("configure", deployment("secrets-bad"), "-vv"));
    assertThat(rejected.exit()).isEqualTo(ExitCode.FAILURE);
    assertNoSentinel(rejected, "configure with a wrong secret");

    List<String> unreachable = new ArrayList<>(deployment("secrets-bad"));
    unreachable.set(unreachable.indexOf("--endpoint-url") + 1, "http://127.0.0.1:1");
    CliProcess.Result refused = cli.run(args("configure", unreachable, "-vv", "--stacktrace"));
    assertThat(refused.exit()).isEqualTo(ExitCode.FAILURE);
    assertNoSentinel(refused, "configure against a closed port");
  }
}
