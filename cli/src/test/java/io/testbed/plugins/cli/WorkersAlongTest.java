package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bringing the running workers along when there is no engine to do it with: no compose CLI, or a
 * docker CLI whose engine does not answer. The example deployment, against S3Proxy in process on
 * MinIO's published port; the docker and compose CLIs are this machine's, on a PATH the test
 * makes (an engine suite, {@code DeploymentEngineIT}, covers a real engine).
 */
@ExtendWith(EmbeddedS3Extension.class)
class WorkersAlongTest {
  static final String WORKERS = "tfcpu-01 tfcpu-02 tfgpu-01 tfgpu-02 tfgpu-03 pytorchcpu-01"
      + " pytorchcpu-02 pytorchgpu-01";
  static final String DOWN = "unix:///nonexistent/testbed-plugins-test/docker.sock";

  @TempDir Path tmp;
  Path lab;
  Path compose;
  Path plugins;
  /** A bucket of its own: the S3 server is shared with other test classes. */
  String uri;

  @BeforeEach
  void setUp(EmbeddedS3 s3) throws IOException {
    lab = ZeroConfigTest.labDeployment(tmp, s3);
    compose = lab.resolve("docker-compose.yml");
    plugins = tmp.resolve("task-plugins").resolve("b-" + UUID.randomUUID().toString().substring(0, 8));
    ConfigureCommandTest.copyTree(ConfigureCommandTest.BUILTINS, plugins);
    uri = "s3://along-" + UUID.randomUUID().toString().substring(0, 8) + "/builtins";
  }

  /** A PATH holding only the named programs of this machine (links to them). */
  private String path(String... programs) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin-" + String.join("-", programs)));
    for (String p : programs) {
      Optional<Path> real = onPath(p);
      assumeThat(real).as(p + " is not installed here").isPresent();
      Files.createSymbolicLink(bin.resolve(p), real.get());
    }
    return bin.toString();
  }

  private static Optional<Path> onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable)
        .findFirst();
  }

  private CliProcess.Result cli(Map<String, String> env, String... args) throws Exception {
    return new CliProcess(lab, env).run(args);
  }

  @Test
  void withNoComposeCliTheDryRunShowsTheV2Form() throws Exception {
    CliProcess.Result dry = cli(Map.of("PATH", path()), "configure", "--plugins",
        plugins.toString(), "--s3-uri", uri, "--dry-run");

    assertThat(dry.exit()).as(dry.all()).isZero();
    assertThat(dry.out()).contains("workers  running containers of " + WORKERS.replace(" ", ", ")
        + " would keep their old environment until recreated; run (no compose CLI found here):\n"
        + "         docker compose -p lab_deployment -f docker-compose.yml up -d --no-deps "
        + WORKERS + "\n");
  }

  @Test
  void withOnlyDockerComposeV1TheCommandUsesIt() throws Exception {
    CliProcess.Result json = cli(Map.of("PATH", path("docker-compose")), "configure", "--plugins",
        plugins.toString(), "--s3-uri", uri, "--dry-run", "--json");

    assertThat(json.exit()).as(json.all()).isZero();
    assertThat(json.out()).contains("\"command\":[\"docker-compose\",\"-p\",\"lab_deployment\","
        + "\"-f\",\"docker-compose.yml\",\"up\",\"-d\",\"--no-deps\",\"tfcpu-01\",");
  }

  @Test
  void upWithNoComposeCliFailsAndPrintsTheCommandToRunByHand() throws Exception {
    CliProcess.Result up = cli(Map.of("PATH", path()), "configure", "--plugins",
        plugins.toString(), "--s3-uri", uri, "--up");

    assertThat(up.exit()).as(up.all()).isEqualTo(1);
    assertThat(up.err()).contains("no compose CLI found (neither 'docker compose' nor"
        + " 'docker-compose' is on the PATH), so the workers were not recreated.\n"
        + "Install one, or run this where one is:\n"
        + "  docker compose -p lab_deployment -f docker-compose.yml up -d --no-deps " + WORKERS);
    assertThat(Files.readString(compose)).contains("AI_PLUGINS_S3_URI: " + uri);
  }

  @Test
  void upWithAnEngineThatDoesNotAnswerFailsNamingTheCommandAndKeepsTheFiles() throws Exception {
    CliProcess.Result up = cli(Map.of("PATH", path("docker", "docker-compose"), "DOCKER_HOST",
        DOWN), "configure", "--plugins", plugins.toString(), "--s3-uri", uri, "--up");

    assertThat(up.exit()).as(up.all()).isEqualTo(1);
    assertThat(up.err()).contains("'docker-compose -p lab_deployment -f docker-compose.yml up -d"
        + " --no-deps " + WORKERS + "' was not run: the Docker engine did not answer at"
        + " DOCKER_HOST=" + DOWN + ": ");
    assertThat(up.out()).contains("wrote    docker-compose.yml: AI_PLUGINS_S3_URI set in 8"
        + " workers");
    assertThat(Files.readString(compose)).contains("AI_PLUGINS_S3_URI: " + uri);
  }

  @Test
  void statusSaysTheContainersWereNotCheckedWhenTheEngineDoesNotAnswer() throws Exception {
    Map<String, String> env = Map.of("PATH", path("docker"), "DOCKER_HOST", DOWN);
    assertThat(cli(env, "configure", "--plugins", plugins.toString(), "--s3-uri", uri).exit())
        .isZero();

    CliProcess.Result status = cli(env, "status", "--plugins", plugins.toString(), "--s3-uri",
        uri);

    assertThat(status.exit()).as("the files and the bucket are in sync").isZero();
    assertThat(status.out()).contains("containers: not checked (the Docker engine did not answer"
        + " at DOCKER_HOST=" + DOWN + ": ", "In sync.");
    CliProcess.Result json = cli(env, "status", "--plugins", plugins.toString(), "--s3-uri",
        uri, "--json");
    assertThat(json.out()).contains("\"containers\":{\"checked\":false,\"reason\":\"the Docker"
        + " engine did not answer at DOCKER_HOST=" + DOWN);
  }

  @Test
  void statusWithNoDockerCliSaysSo() throws Exception {
    CliProcess.Result status = cli(Map.of("PATH", path()), "status", "--plugins",
        plugins.toString(), "--s3-uri", uri);

    assertThat(status.exit()).as(status.all()).isEqualTo(3);
    assertThat(status.out()).contains("containers: not checked (no docker CLI on the PATH)\n");
  }

  @Test
  void anUnpublishedMinioWithAnEngineThatDoesNotAnswerSaysHowTheEngineWasAsked()
      throws Exception {
    String text = Files.readString(compose);
    String published = "    ports:\n      - \"127.0.0.1:${MINIO_PORT:-9000}:9000\"  # S3 API, for"
        + " tools on this host only\n";
    assertThat(text).contains(published);
    Files.writeString(compose, text.replace(published, ""));

    CliProcess.Result dry = cli(Map.of("PATH", path("docker", "docker-compose"), "DOCKER_HOST",
        DOWN), "configure", "--plugins", plugins.toString(), "--s3-uri", uri, "--dry-run");

    assertThat(dry.exit()).as(dry.all()).isEqualTo(1);
    assertThat(dry.err()).contains("minio publishes no port 9000, and the Docker engine did not"
        + " answer at DOCKER_HOST=" + DOWN + ": ",
        "(is the deployment up, and DOCKER_HOST set to the engine it runs on?)",
        "then run 'docker-compose up -d minio'");
    assertThat(dry.err()).doesNotContain("docker reports no running container");
  }
}
