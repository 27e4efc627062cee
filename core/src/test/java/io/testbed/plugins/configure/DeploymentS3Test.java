package io.testbed.plugins.configure;

import io.testbed.plugins.docker.DockerContainers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import io.testbed.plugins.PluginsException;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.s3.BucketPlan;
import io.testbed.plugins.s3.BucketProvisioner;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.s3.StorageException;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings from the deployment itself, proven by creating a bucket over real HTTP on an S3Proxy
 * server in process; and every kind of bad input, each reported with its file and line.
 */
@ExtendWith(EmbeddedS3Extension.class)
class DeploymentS3Test {
  /** The example deployment's shape: workers and restapi reach MinIO as http://minio:9000. */
  static final String LAB = """
      services:
        restapi:
          image: securing-ai/restapi:latest
          environment:
            AWS_ACCESS_KEY_ID: ${MINIO_USER}
            AWS_SECRET_ACCESS_KEY: ${MINIO_PASSWORD}
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
        minio:
          image: minio/minio
          hostname: minio
          ports:
            - "${MINIO_PORT}:9000"
        tfcpu-01:
          image: securing-ai/tensorflow2-cpu:latest
          environment:
            AWS_ACCESS_KEY_ID: ${MINIO_USER}
            AWS_SECRET_ACCESS_KEY: ${MINIO_PASSWORD}
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
        tfcpu-02:
          image: securing-ai/tensorflow2-cpu:latest
          environment:
            AWS_ACCESS_KEY_ID: ${MINIO_USER}
            AWS_SECRET_ACCESS_KEY: ${MINIO_PASSWORD}
            MLFLOW_S3_ENDPOINT_URL: http://minio:9000
      """;

  @TempDir Path tmp;
  EmbeddedS3 s3;
  Path lab;

  @BeforeEach
  void setUp(EmbeddedS3 s3) throws IOException {
    this.s3 = s3;
    lab = Files.createDirectories(tmp.resolve("lab_deployment"));
  }

  private Path compose(String text) throws IOException {
    return Files.writeString(lab.resolve("docker-compose.yml"), text);
  }

  private void dotEnv(String text) throws IOException {
    Files.writeString(lab.resolve(".env"), text);
  }

  private String credentialsEnv() {
    return "MINIO_USER=" + s3.accessKey() + "\nMINIO_PASSWORD=" + s3.secretKey() + "\n";
  }

  private DeploymentS3 resolve(Map<String, String> env) {
    return resolve(S3Settings.builder(), env, Optional.empty());
  }

  private DeploymentS3 resolve(
      S3Settings.Builder explicit, Map<String, String> env, Optional<DockerContainers> docker) {
    return DeploymentS3.resolve(explicit, lab.resolve("docker-compose.yml"),
        WorkerSelection.defaults(), env, docker);
  }

  /** Creates a bucket through the resolved settings: proof that endpoint and keys are right. */
  private void createsABucket(DeploymentS3 resolved) {
    String bucket = "zero-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Session session = resolved.open()) {
      BucketProvisioner.apply(session, BucketProvisioner.plan(session, bucket));
      assertThat(BucketProvisioner.plan(session, bucket).action())
          .isEqualTo(BucketPlan.Action.EXISTS);
    }
  }

  @Test
  void endpointViaThePublishedPortAndCredentialsFromDotEnv() throws IOException {
    compose(LAB);
    dotEnv("MINIO_PORT=" + s3.endpoint().getPort() + "\n" + credentialsEnv());
    DeploymentS3 resolved = resolve(Map.of());
    assertThat(resolved.endpoint().value()).isEqualTo(s3.endpoint().toString());
    assertThat(resolved.endpoint().source()).isEqualTo(
        "MLFLOW_S3_ENDPOINT_URL of tfcpu-01 and 1 more, docker-compose.yml:18,"
            + " via minio's published port " + s3.endpoint().getPort());
    assertThat(resolved.credentials()).isEqualTo(
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of tfcpu-01 (docker-compose.yml:16,"
            + " docker-compose.yml:17, from .env:2, .env:3)");
    assertThat(resolved.fromDeployment()).isTrue();
    createsABucket(resolved);
  }

  @Test
  void inTheImageTheEndpointIsTheWorkersOwnWithNoPublishedPortAndNoDockerInspect()
      throws IOException {
    // MinIO answers to 'localhost' here, as 'minio' does on a compose network
    compose(LAB.replace("http://minio:9000", "http://localhost:${S3_PORT}")
        .replace("hostname: minio", "hostname: localhost"));
    dotEnv("MINIO_PORT=1\nS3_PORT=" + s3.endpoint().getPort() + "\n" + credentialsEnv());
    DockerContainers refusing = new DockerContainers(args -> {
      throw new AssertionError("docker " + args + " was run in the image");
    });

    DeploymentS3 resolved = resolve(S3Settings.builder(),
        Map.of("TESTBED_PLUGINS_IN_CONTAINER", "1"), Optional.of(refusing));

    assertThat(resolved.endpoint().value())
        .isEqualTo("http://localhost:" + s3.endpoint().getPort());
    assertThat(resolved.endpoint().source()).isEqualTo("MLFLOW_S3_ENDPOINT_URL of tfcpu-01 and 1"
        + " more, docker-compose.yml:18, from .env:2, as the workers reach it: this container is"
        + " in the compose network");
    createsABucket(resolved);
  }

  @Test
  void theProcessEnvironmentWinsOverDotEnvInInterpolation() throws IOException {
    compose(LAB);
    dotEnv("MINIO_PORT=1\nMINIO_USER=wrong\nMINIO_PASSWORD=wrong\n");
    DeploymentS3 resolved = resolve(Map.of("MINIO_PORT", "" + s3.endpoint().getPort(),
        "MINIO_USER", s3.accessKey(), "MINIO_PASSWORD", s3.secretKey()));
    assertThat(resolved.credentials()).contains("from the environment");
    createsABucket(resolved);
  }

  @Test
  void restapiIsTheFallbackAndMinioRootCredentialsFollowEmptyOnes() throws IOException {
    compose("""
        services:
          restapi:
            image: securing-ai/restapi:latest
            environment:
              AWS_ACCESS_KEY_ID: # Replace with desired username
              AWS_SECRET_ACCESS_KEY: # Replace with desired password
              MLFLOW_S3_ENDPOINT_URL: http://s3:9000
          minio:
            image: minio/minio
            networks:
              default:
                aliases: [s3]
            env_file: minio.env
            ports:
              - target: 9000
                published: "%d"
                host_ip: 127.0.0.1
          tfcpu-01:
            image: securing-ai/tensorflow2-cpu:latest
        """.formatted(s3.endpoint().getPort()));
    Files.writeString(lab.resolve("minio.env"),
        "MINIO_ROOT_USER=" + s3.accessKey() + "\nMINIO_ROOT_PASSWORD='" + s3.secretKey() + "'\n");
    DeploymentS3 resolved = resolve(Map.of());
    assertThat(resolved.endpoint().source()).startsWith("MLFLOW_S3_ENDPOINT_URL of restapi,");
    assertThat(resolved.credentials())
        .isEqualTo("MINIO_ROOT_USER and MINIO_ROOT_PASSWORD of minio (minio.env:1, minio.env:2)");
    createsABucket(resolved);
  }

  @Test
  void aLaterDioptraLayoutWithPrefixedNamesAndEnvFiles() throws IOException {
    compose("""
        name: dioptra-deployment
        services:
          dioptra-deployment-minio:
            image: minio/minio
            env_file: ./secrets/dioptra-deployment-minio.env
            ports:
              - target: 9000
                published: ${MINIO_PORT}
          dioptra-deployment-restapi:
            image: dioptra/restapi
            env_file: [./envs/dioptra-deployment-restapi.env]
          dioptra-deployment-worker-tfcpu-01:
            image: dioptra/tensorflow2-cpu:1.0.0
            env_file:
              - ./envs/dioptra-deployment-worker.env
              - ./secrets/dioptra-deployment-worker.env
        """);
    Files.createDirectories(lab.resolve("envs"));
    Files.createDirectories(lab.resolve("secrets"));
    Files.writeString(lab.resolve("envs/dioptra-deployment-worker.env"),
        "MLFLOW_S3_ENDPOINT_URL=http://dioptra-deployment-minio:9000\n");
    Files.writeString(lab.resolve("envs/dioptra-deployment-restapi.env"),
        "MLFLOW_S3_ENDPOINT_URL=http://dioptra-deployment-minio:9000\n");
    Files.writeString(lab.resolve("secrets/dioptra-deployment-worker.env"),
        "AWS_ACCESS_KEY_ID=\"" + s3.accessKey() + "\"\nAWS_SECRET_ACCESS_KEY=" + s3.secretKey() + "\n");
    Files.writeString(lab.resolve("secrets/dioptra-deployment-minio.env"),
        "MINIO_ROOT_USER=other\nMINIO_ROOT_PASSWORD=other\n");
    dotEnv("MINIO_PORT=" + s3.endpoint().getPort() + "\n");
    DeploymentS3 resolved = resolve(Map.of());
    assertThat(resolved.endpoint()).hasToString(s3.endpoint() + " (MLFLOW_S3_ENDPOINT_URL of"
        + " dioptra-deployment-worker-tfcpu-01, envs/dioptra-deployment-worker.env:1, via"
        + " dioptra-deployment-minio's published port " + s3.endpoint().getPort() + ")");
    assertThat(resolved.credentials()).isEqualTo("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of"
        + " dioptra-deployment-worker-tfcpu-01 (secrets/dioptra-deployment-worker.env:1,"
        + " secrets/dioptra-deployment-worker.env:2)");
    createsABucket(resolved);
  }

  @Test
  void minioRootPasswordFileReadsTheDockerSecretFile() throws IOException {
    compose("""
        services:
          minio:
            image: minio/minio
            ports: ["%d:9000"]
            environment:
              MINIO_ROOT_USER: %s
              MINIO_ROOT_PASSWORD_FILE: minio_password
            secrets: [minio_password]
          tfcpu-01:
            image: securing-ai/tensorflow2-cpu:latest
            environment:
              MLFLOW_S3_ENDPOINT_URL: http://minio:9000
        secrets:
          minio_password:
            file: ./secrets/minio_password.txt
        """.formatted(s3.endpoint().getPort(), s3.accessKey()));
    Files.createDirectories(lab.resolve("secrets"));
    Files.writeString(lab.resolve("secrets/minio_password.txt"), s3.secretKey() + "\n");
    DeploymentS3 resolved = resolve(Map.of());
    assertThat(resolved.credentials()).contains("MINIO_ROOT_PASSWORD_FILE of minio")
        .contains("secrets/minio_password.txt").doesNotContain(s3.secretKey());
    createsABucket(resolved);
  }

  /**
   * Runs with the test server's keys where the AWS SDK reads explicit keys (system properties stand
   * in for the process environment, which a test cannot set).
   */
  private void withSdkKeys(Runnable body) {
    System.setProperty("aws.accessKeyId", s3.accessKey());
    System.setProperty("aws.secretAccessKey", s3.secretKey());
    try {
      body.run();
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void anExplicitEndpointWinsAndTheComposeFileIsNotEvenRead() throws IOException {
    compose(LAB);
    dotEnv("MINIO@PORT=1\n"); // compose would reject this line: proof that nothing reads it
    DeploymentS3 resolved = resolve(Map.of("AWS_ENDPOINT_URL", s3.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
    assertThat(resolved.endpoint()).hasToString(
        s3.endpoint() + " (AWS_ENDPOINT_URL in the environment)");
    assertThat(resolved.credentials())
        .isEqualTo("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
    assertThat(resolved.fromDeployment()).isFalse();
    withSdkKeys(() -> createsABucket(resolved));

    DeploymentS3 option = resolve(S3Settings.builder().endpoint(s3.endpoint()),
        Map.of("MLFLOW_S3_ENDPOINT_URL", "http://127.0.0.1:1"), Optional.empty());
    assertThat(option.endpoint()).hasToString(s3.endpoint() + " (--endpoint-url)");
  }

  @Test
  void explicitCredentialsWinAsAWholeOverTheDeployments() throws IOException {
    compose(LAB);
    dotEnv("MINIO_PORT=" + s3.endpoint().getPort() + "\nMINIO_USER=wrong\nMINIO_PASSWORD=wrong\n");
    DeploymentS3 resolved = resolve(Map.of(
        "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
    assertThat(resolved.endpoint().source()).contains("via minio's published port");
    assertThat(resolved.credentials())
        .isEqualTo("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
    assertThat(resolved.settings().credentials()).as("not the deployment's").isNull();
    withSdkKeys(() -> createsABucket(resolved));

    DeploymentS3 profile = resolve(S3Settings.builder().profile("lab"), Map.of(), Optional.empty());
    assertThat(profile.credentials()).isEqualTo("profile lab (--profile)");
    assertThat(profile.settings().credentials()).isNull();
  }

  @Test
  void noEndpointInTheDeploymentMeansAws() throws IOException {
    compose("services:\n  tfcpu-01:\n    image: securing-ai/tensorflow2-cpu:latest\n");
    DeploymentS3 resolved = resolve(S3Settings.builder().region("eu-west-1"), Map.of(),
        Optional.empty());
    assertThat(resolved.settings().endpoint()).isNull();
    assertThat(resolved.endpoint().value()).isEqualTo("https://s3.eu-west-1.amazonaws.com");
  }

  @Test
  void withNoCredentialsAnywhereTheMessageIsTwoLinesNamingTheEmptyPlaces() throws IOException {
    compose(LAB.replace("${MINIO_USER}", "").replace("${MINIO_PASSWORD}", ""));
    dotEnv("MINIO_PORT=" + s3.endpoint().getPort() + "\n");
    System.setProperty("aws.sharedCredentialsFile", tmp.resolve("none").toString());
    try {
      DeploymentS3 resolved = resolve(Map.of("AWS_CONFIG_FILE", tmp.resolve("none").toString()));
      assertThat(resolved.credentials()).isEqualTo("the AWS SDK's default chain; the deployment's"
          + " are empty: AWS_ACCESS_KEY_ID of tfcpu-01 (docker-compose.yml:16)");
      assertThatThrownBy(resolved::open)
          .isInstanceOf(ConfigureException.class)
          .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(2))
          .hasMessageStartingWith("no S3 credentials found; looked at the deployment (empty:"
              + " AWS_ACCESS_KEY_ID of tfcpu-01 (docker-compose.yml:16)), the environment and the"
              + " default profile.")
          .hasMessageContaining("fill in the deployment's credentials")
          .hasCauseInstanceOf(io.testbed.plugins.s3.StorageException.class);
    } finally {
      System.clearProperty("aws.sharedCredentialsFile");
    }
  }

  // ---- bad input: each names its file and line ----

  private void rejects(String composeText, String dotEnvText, String... messageParts)
      throws IOException {
    Path file = compose(composeText);
    if (dotEnvText != null) {
      dotEnv(dotEnvText);
    }
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> resolve(Map.of()))
        .isInstanceOf(PluginsException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
    assertThat(Files.readAllBytes(file)).as("the compose file is left alone").isEqualTo(before);
  }

  @Test
  void anEmptyEndpoint() throws IOException {
    rejects(LAB.replace("MLFLOW_S3_ENDPOINT_URL: http://minio:9000", "MLFLOW_S3_ENDPOINT_URL:"),
        credentialsEnv(),
        "docker-compose.yml:18:7: MLFLOW_S3_ENDPOINT_URL of tfcpu-01 is empty.",
        "--endpoint-url URL");
  }

  @Test
  void anEndpointThatInterpolatesToNothing() throws IOException {
    rejects(LAB.replace("http://minio:9000", "${S3_URL}"), "S3_OTHER=1\n",
        "docker-compose.yml:18:7: MLFLOW_S3_ENDPOINT_URL of tfcpu-01 is '${S3_URL}', which"
            + " interpolates to nothing (S3_URL is not set in the environment or in .env)");
  }

  @Test
  void aRequiredVariableWithoutItsValue() throws IOException {
    rejects(LAB.replace("http://minio:9000", "${S3_URL:?set S3_URL in .env}"), null,
        "docker-compose.yml:18:7: MLFLOW_S3_ENDPOINT_URL: required variable S3_URL is missing a"
            + " value: set S3_URL in .env");
  }

  @Test
  void aDotEnvLineComposeWouldReject() throws IOException {
    rejects(LAB, "MINIO_PORT=9000\nMINIO@USER=x\n",
        ".env:2:6: unexpected character '@' in a variable name");
  }

  @Test
  void aPortPublishedOnAnotherHostsAddress() throws IOException {
    rejects(LAB.replace("\"${MINIO_PORT}:9000\"", "\"192.0.2.10:39000:9000\""), credentialsEnv(),
        "docker-compose.yml:12:9: minio publishes port 9000 only on 192.0.2.10, which is not an"
            + " address of this machine");
  }

  @Test
  void twoWorkersWithDifferentEndpoints() throws IOException {
    int second = LAB.lastIndexOf("http://minio:9000");
    rejects(LAB.substring(0, second) + "http://other:9000" + LAB.substring(second + 17),
        "MINIO_PORT=9000\n",
        "the workers disagree on MLFLOW_S3_ENDPOINT_URL:",
        "  http://minio:9000: tfcpu-01 (docker-compose.yml:18)",
        "  http://other:9000: tfcpu-02 (docker-compose.yml:24)");
  }

  @Test
  void credentialsInOnlyOneHalf() throws IOException {
    rejects(LAB, "MINIO_PORT=9000\nMINIO_USER=someone\n",
        "docker-compose.yml:16:7: only half of tfcpu-01's credentials: AWS_ACCESS_KEY_ID is set,"
            + " but AWS_SECRET_ACCESS_KEY is empty (docker-compose.yml:17)");
  }

  @Test
  void anUnpublishedServiceWithoutDockerGetsTheExactRemedies() throws IOException {
    String unpublished = LAB.replace("    ports:\n      - \"${MINIO_PORT}:9000\"\n", "");
    rejects(unpublished, credentialsEnv(),
        "docker-compose.yml:16:7: the endpoint http://minio:9000 (MLFLOW_S3_ENDPOINT_URL of"
            + " tfcpu-01) is reachable only inside the compose network: minio publishes no port"
            + " 9000, and there is no docker CLI on the PATH",
        "add these two lines to the minio service (docker-compose.yml:8):\n    ports:\n"
            + "      - \"127.0.0.1:9000:9000\"",
        "--endpoint-url http://HOST:PORT");
  }

  // ---- docker inspect ----

  /**
   * {@code docker inspect} output of a compose-started MinIO container (labels
   * com.docker.compose.project/service, NetworkSettings.Networks), recorded from the engine suite
   * ({@code DeploymentEngineIT}: Docker Engine 20.10, docker-compose 1.29), which writes a fresh
   * one to {@code cli/target/engine-it/inspect-minio.json} on every run.
   */
  static String inspectFixture() throws IOException {
    try (InputStream in = DeploymentS3Test.class.getResourceAsStream("/docker/inspect-minio.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A docker CLI that answers {@code ps} with one container id and {@code inspect} with json. */
  private static DockerContainers docker(List<List<String>> calls, String json) {
    return new DockerContainers(args -> {
      calls.add(args);
      return Optional.of(args.get(0).equals("ps")
          ? "3c1f9a4e0b7d52c8e6a1f0d94b2e7c13a5d8f6e2b9c04d71e3a6f58b2c9d0e41\n" : json);
    });
  }

  @Test
  void anUnpublishedServiceIsReachedAtItsContainersAddressFromDockerInspect() throws IOException {
    compose(LAB.replace("    ports:\n      - \"${MINIO_PORT}:9000\"\n", "")
        + "    networks: [securingai]\nnetworks:\n  securingai: {}\n");
    dotEnv(credentialsEnv());
    List<List<String>> calls = new ArrayList<>();
    DeploymentS3 resolved = resolve(S3Settings.builder(), Map.of(),
        Optional.of(docker(calls, inspectFixture())));
    assertThat(resolved.endpoint()).hasToString("http://172.18.0.2:9000 (MLFLOW_S3_ENDPOINT_URL"
        + " of tfcpu-01 and 1 more, docker-compose.yml:16, via container lab_deployment_minio_1's"
        + " address 172.18.0.2 on network lab_deployment_securingai (docker inspect))");
    assertThat(calls.get(0)).containsSubsequence("--filter",
        "label=com.docker.compose.project=lab_deployment", "--filter",
        "label=com.docker.compose.service=minio");
    assertThat(calls.get(1)).containsExactly("inspect", "--type", "container",
        "3c1f9a4e0b7d52c8e6a1f0d94b2e7c13a5d8f6e2b9c04d71e3a6f58b2c9d0e41");
  }

  @Test
  void theDockerInspectPathWorksOverHttpWhenTheContainerAddressAnswers() throws IOException {
    // the recorded container address, swapped for the loopback address the test server is on
    String json = inspectFixture().replace("\"IPAddress\": \"172.18.0.2\"",
        "\"IPAddress\": \"127.0.0.1\"");
    compose(LAB.replace("    ports:\n      - \"${MINIO_PORT}:9000\"\n", "    container_name: lab-minio\n")
        .replace("http://minio:9000", "http://minio:" + s3.endpoint().getPort()));
    dotEnv(credentialsEnv());
    List<List<String>> calls = new ArrayList<>();
    DeploymentS3 resolved = resolve(S3Settings.builder(), Map.of(),
        Optional.of(docker(calls, json)));
    assertThat(calls).containsExactly(List.of("inspect", "--type", "container", "lab-minio"));
    assertThat(resolved.endpoint().value()).isEqualTo(s3.endpoint().toString());
    createsABucket(resolved);
  }

  @Test
  void aStoppedContainerIsNamedWithItsStateSinceWhenAndTheCommandThatStartsIt()
      throws IOException {
    String stopped = inspectFixture().replace("\"Running\": true", "\"Running\": false")
        .replace("\"Status\": \"running\"", "\"Status\": \"exited\"")
        .replace("\"ExitCode\": 0", "\"ExitCode\": 137")
        .replace("\"FinishedAt\": \"0001-01-01T00:00:00Z\"",
            "\"FinishedAt\": \"2026-12-06T13:00:01.123456789Z\"");
    compose(LAB.replace("    ports:\n      - \"${MINIO_PORT}:9000\"\n", ""));
    dotEnv(credentialsEnv());
    List<List<String>> calls = new ArrayList<>();

    assertThatThrownBy(() -> resolve(S3Settings.builder(), new HashMap<>(),
            Optional.of(docker(calls, stopped))))
        .hasMessageMatching(java.util.regex.Pattern.quote("docker-compose.yml:16:7: the endpoint"
            + " http://minio:9000 (MLFLOW_S3_ENDPOINT_URL of tfcpu-01) is minio, whose container"
            + " lab_deployment_minio_1 is exited (exit code 137) since 2026-12-06 13:00:01 UTC.\n"
            + "Start it with: docker compose -p lab_deployment -f ") + "\\S*docker-compose\\.yml"
            + java.util.regex.Pattern.quote(" up -d minio"));
    assertThat(calls).contains(List.of("ps", "-a", "-q", "--no-trunc", "--filter",
        "label=com.docker.compose.project=lab_deployment", "--filter",
        "label=com.docker.compose.service=minio"));
  }

  @Test
  void aPausedContainerIsNamedWithTheCommandThatUnpausesIt() throws IOException {
    String paused = inspectFixture().replace("\"Paused\": false", "\"Paused\": true")
        .replace("\"Status\": \"running\"", "\"Status\": \"paused\"");
    compose(LAB.replace("    ports:\n      - \"${MINIO_PORT}:9000\"\n", ""));
    dotEnv(credentialsEnv());

    assertThatThrownBy(() -> resolve(S3Settings.builder(), new HashMap<>(),
            Optional.of(docker(new ArrayList<>(), paused))))
        .hasMessageContaining("docker-compose.yml:16:7: the endpoint http://minio:9000"
            + " (MLFLOW_S3_ENDPOINT_URL of tfcpu-01) is minio, whose container"
            + " lab_deployment_minio_1 is paused: it takes connections and answers none.\n"
            + "Unpause it with: docker compose -p lab_deployment -f ")
        .hasMessageEndingWith("docker-compose.yml unpause minio");
  }

  @Test
  void behindAPublishedPortAFailureIsExplainedByTheStoppedOrPausedContainer() throws IOException {
    compose(LAB);
    dotEnv("MINIO_PORT=39123\n" + credentialsEnv());
    StorageException refused = new StorageException("could not connect to"
        + " http://127.0.0.1:39123: connection refused; is the S3 server (MinIO) running?");
    String stopped = inspectFixture().replace("\"Running\": true", "\"Running\": false")
        .replace("\"Status\": \"running\"", "\"Status\": \"exited\"");
    String paused = inspectFixture().replace("\"Paused\": false", "\"Paused\": true");
    List<List<String>> calls = new ArrayList<>();

    DeploymentS3 withStopped = resolve(S3Settings.builder(), new HashMap<>(),
        Optional.of(docker(calls, stopped)));
    assertThat(withStopped.endpoint().value()).isEqualTo("http://127.0.0.1:39123");
    assertThat(calls).as("no docker call while all is well").isEmpty();
    assertThat(withStopped.containerDown(refused)).get(THROWABLE)
        .hasCause(refused)
        .hasMessageContaining("the endpoint http://minio:9000 (MLFLOW_S3_ENDPOINT_URL of tfcpu-01)"
            + " is minio, whose container lab_deployment_minio_1 is exited")
        .hasMessageContaining("\nStart it with: docker compose -p lab_deployment -f ")
        .hasMessageEndingWith("docker-compose.yml up -d minio");

    DeploymentS3 withPaused = resolve(S3Settings.builder(), new HashMap<>(),
        Optional.of(docker(new ArrayList<>(), paused)));
    assertThat(withPaused.containerDown(refused)).get(THROWABLE)
        .hasMessageContaining("whose container lab_deployment_minio_1 is paused: it takes"
            + " connections and answers none.\nUnpause it with: docker compose -p lab_deployment")
        .hasMessageEndingWith("docker-compose.yml unpause minio");

    DeploymentS3 running = resolve(S3Settings.builder(), new HashMap<>(),
        Optional.of(docker(new ArrayList<>(), inspectFixture())));
    assertThat(running.containerDown(refused)).isEmpty();
    assertThat(resolve(S3Settings.builder(), new HashMap<>(), Optional.empty())
        .containerDown(refused)).isEmpty();
  }

  @Test
  void aContainerThatNeverRanIsSaidSo() throws IOException {
    String created = inspectFixture().replace("\"Running\": true", "\"Running\": false")
        .replace("\"Status\": \"running\"", "\"Status\": \"created\"");
    compose(LAB.replace("    ports:\n      - \"${MINIO_PORT}:9000\"\n", ""));
    dotEnv(credentialsEnv());

    assertThatThrownBy(() -> resolve(S3Settings.builder(), new HashMap<>(),
            Optional.of(docker(new ArrayList<>(), created))))
        .hasMessageContaining("whose container lab_deployment_minio_1 is created and never ran.\n"
            + "Start it with: docker compose -p lab_deployment -f ")
        .hasMessageEndingWith("docker-compose.yml up -d minio");
  }

  @Test
  void noContainerAtAllKeepsTheRemediesOfAnUnpublishedPort() throws IOException {
    compose(LAB.replace("    ports:\n      - \"${MINIO_PORT}:9000\"\n", ""));
    dotEnv(credentialsEnv());
    DockerContainers none = new DockerContainers(args -> Optional.of(
        args.get(0).equals("version") ? "20.10.24" : args.get(0).equals("ps") ? "" : "[]"));

    assertThatThrownBy(() -> resolve(S3Settings.builder(), new HashMap<>(), Optional.of(none)))
        .hasMessageContaining("minio publishes no port 9000, and docker reports no running"
            + " container of it (is the deployment up?)")
        .hasMessageContaining("--endpoint-url http://HOST:PORT");
  }
}
