package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.testing.EmbeddedS3;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * {@code status} when S3 cannot be reached: the example deployment, configured against S3Proxy on
 * MinIO's published port, then the server stopped (the port closed), or replaced by one that
 * accepts no connection. The bucket and the remote tree are "not checked (reason)"; the compose
 * files and the rest are still reported; the exit code tells drift (3) from "look at the
 * deployment" (1).
 */
class StatusWithoutS3Test {
  @TempDir Path tmp;
  Path lab;
  Path plugins;
  int port;
  EmbeddedS3 s3;
  final List<Socket> held = new ArrayList<>();
  ServerSocket silent;

  @BeforeEach
  void configureThenStopTheServer() throws Exception {
    s3 = EmbeddedS3.start(tmp.resolve("s3"));
    port = s3.endpoint().getPort();
    lab = ZeroConfigTest.labDeployment(tmp, s3);
    plugins = tmp.resolve("task-plugins/securingai_builtins");
    ConfigureCommandTest.copyTree(ConfigureCommandTest.BUILTINS, plugins);
    CliProcess.Result configure = cli("configure", "--plugins", plugins.toString());
    assertThat(configure.exit()).as(configure.all()).isZero();
    s3.close();
  }

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket s : held) {
      s.close();
    }
    if (silent != null) {
      silent.close();
    }
  }

  private static boolean bool(JsonNode node) {
    return Boolean.parseBoolean(node.text());
  }

  private CliProcess.Result cli(String... args) throws Exception {
    return new CliProcess(lab, Map.of("PATH", tmp.resolve("no-tools").toString())).run(args);
  }

  @Test
  void aStoppedServerLeavesBucketAndTreeUncheckedAndReportsTheRest() throws Exception {
    CliProcess.Result status = cli("status", "--plugins", plugins.toString());

    assertThat(status.exit()).as(status.all()).isEqualTo(ExitCode.FAILURE);
    assertThat(status.err()).isEmpty();
    assertThat(status.out()).startsWith("endpoint http://127.0.0.1:" + port + " (")
        .contains("\nskip   bucket s3://plugins and s3://plugins/securingai_builtins/: not checked"
            + " (could not connect to http://127.0.0.1:" + port + ": connection refused; is the"
            + " S3 server (MinIO) running? check --endpoint-url)\n"
            + "       The deployment gave the endpoint http://127.0.0.1:" + port)
        .contains("containers: not checked (no docker CLI on the PATH)")
        .endsWith("Not checked: bucket s3://plugins and s3://plugins/securingai_builtins/ (see"
            + " above); the rest is in sync.\n");
    for (String worker : List.of("tfcpu-01", "tfcpu-02", "tfgpu-01", "tfgpu-02", "tfgpu-03",
        "pytorchcpu-01", "pytorchcpu-02", "pytorchgpu-01")) {
      assertThat(status.out()).contains("ok     service " + worker + ": AI_PLUGINS_S3_URI set (");
    }
  }

  @Test
  void jsonCarriesEachPartWithCheckedAndTheReason() throws Exception {
    CliProcess.Result status = cli("status", "--plugins", plugins.toString(), "--json");

    assertThat(status.exit()).as(status.all()).isEqualTo(ExitCode.FAILURE);
    assertThat(status.err()).isEmpty();
    JsonNode root = JsonNodeParser.create().parse(status.out());
    Map<String, JsonNode> m = root.asObject();
    assertThat(bool(m.get("upToDate"))).isFalse();
    assertThat(m.get("drift").asArray()).isEmpty();
    Map<String, JsonNode> s3 = m.get("s3").asObject();
    assertThat(bool(s3.get("checked"))).isFalse();
    assertThat(s3.get("reason").text()).contains("connection refused");
    Map<String, JsonNode> bucket = m.get("buckets").asArray().get(0).asObject();
    assertThat(bucket.get("bucket").text()).isEqualTo("plugins");
    assertThat(bool(bucket.get("checked"))).isFalse();
    assertThat(bucket.get("reason").text()).isEqualTo(s3.get("reason").text());
    Map<String, JsonNode> sync = m.get("syncs").asArray().get(0).asObject();
    assertThat(sync.get("destination").text()).isEqualTo("s3://plugins/securingai_builtins/");
    assertThat(bool(sync.get("checked"))).isFalse();
    assertThat(sync.get("reason").text()).isEqualTo(s3.get("reason").text());
    Map<String, JsonNode> compose = m.get("compose").asObject();
    assertThat(bool(compose.get("checked"))).isTrue();
    assertThat(compose.get("variables").asArray()).hasSize(8)
        .allSatisfy(v -> assertThat(bool(v.asObject().get("ok"))).isTrue());
    assertThat(bool(m.get("containers").asObject().get("checked"))).isFalse();
  }

  @Test
  void driftInTheFilesIsStillDrift() throws Exception {
    Path compose = lab.resolve("docker-compose.yml");
    Files.writeString(compose, Files.readString(compose).replaceFirst(
        "AI_PLUGINS_S3_URI: s3://plugins/securingai_builtins", "AI_PLUGINS_S3_URI: s3://plugins/old"));

    CliProcess.Result status = cli("status", "--plugins", plugins.toString());

    assertThat(status.exit()).as(status.all()).isEqualTo(ExitCode.PENDING);
    assertThat(status.out()).contains("drift  service tfcpu-01: AI_PLUGINS_S3_URI is"
            + " 's3://plugins/old', want 's3://plugins/securingai_builtins'")
        .endsWith("Drift: 1 difference(s); not checked: bucket s3://plugins and"
            + " s3://plugins/securingai_builtins/; run 'testbed-plugins configure' with the same"
            + " options to fix.\n");
  }

  @Test
  void configureFailsWithTheSameReasonAndWritesNothing() throws Exception {
    Path compose = lab.resolve("docker-compose.yml");
    byte[] before = Files.readAllBytes(compose);

    CliProcess.Result configure = cli("configure", "--plugins", plugins.toString(), "--s3-uri",
        "s3://plugins/next");

    assertThat(configure.exit()).as(configure.all()).isEqualTo(ExitCode.FAILURE);
    assertThat(configure.err()).contains("could not connect to http://127.0.0.1:" + port
        + ": connection refused; is the S3 server (MinIO) running?");
    assertThat(Files.readAllBytes(compose)).isEqualTo(before);
  }

  @Test
  void aServerThatAcceptsNoConnectionIsGivenTwoSeconds() throws Exception {
    // a socket that listens and never accepts: once its queue is full, a connection waits
    silent = new ServerSocket();
    silent.setReuseAddress(true);
    silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
    for (int i = 0; i < 4; i++) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
        held.add(s);
      } catch (IOException queueFull) {
        s.close();
        break;
      }
    }
    long start = System.nanoTime();

    CliProcess.Result status = cli("status", "--plugins", plugins.toString());

    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(status.exit()).as(status.all()).isEqualTo(ExitCode.FAILURE);
    assertThat(status.out()).contains("not checked (could not connect to http://127.0.0.1:" + port
        + ": no answer in 2.0 s;");
    assertThat(seconds).as("status took %.1f s", seconds).isLessThan(15);
    System.out.printf("status with a server that does not answer: %.1f s%n", seconds);
  }

  @Test
  void aServerThatAcceptsConnectionsButNeverAnswersIsGivenTwoSeconds() throws Exception {
    // connections complete (the kernel queues them) and no byte ever comes back, as from a paused
    // container behind its published port; each request used to wait 60 s, eleven times
    silent = new ServerSocket();
    silent.setReuseAddress(true);
    silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    long start = System.nanoTime();

    CliProcess.Result status = cli("status", "--plugins", plugins.toString());

    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(status.exit()).as(status.all()).isEqualTo(ExitCode.FAILURE);
    assertThat(status.out()).contains("not checked (could not connect to http://127.0.0.1:" + port
        + ": the connection opened, but no answer came in 2.0 s; is the S3 server (MinIO) running,"
        + " and not paused?").contains("ok     service tfcpu-01: AI_PLUGINS_S3_URI set (");
    assertThat(seconds).as("status took %.1f s", seconds).isLessThan(15);
    System.out.printf("status with a server that never answers: %.1f s%n", seconds);
  }

  @Test
  void aStoppedMinioBehindItsPublishedPortIsNamedWithTheCommandThatStartsIt() throws Exception {
    // a docker CLI whose engine knows MinIO's container, stopped, and no other
    Path tools = Files.createDirectories(tmp.resolve("tools"));
    String stopped;
    try (var in = getClass().getResourceAsStream("/docker/inspect-minio.json")) {
      stopped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .replace("\"Running\": true", "\"Running\": false")
          .replace("\"Status\": \"running\"", "\"Status\": \"exited\"")
          .replace("\"FinishedAt\": \"0001-01-01T00:00:00Z\"",
              "\"FinishedAt\": \"2026-12-06T13:00:01.123456789Z\"");
    }
    Files.writeString(tools.resolve("inspect.json"), stopped);
    Path docker = tools.resolve("docker");
    Files.writeString(docker, "#!/bin/sh\ncase \"$*\" in\n"
        + "  version*) echo 24.0.7 ;;\n"
        + "  *service=minio*) echo 3c1f9a4e0b7d ;;\n"
        + "  inspect*) cat '" + tools.resolve("inspect.json") + "' ;;\n"
        + "  *) ;;\nesac\n");
    Files.setPosixFilePermissions(docker, java.nio.file.attribute.PosixFilePermissions
        .fromString("rwxr-xr-x"));

    CliProcess.Result status = new CliProcess(lab, Map.of("PATH", tools + ":/usr/bin:/bin"))
        .run("status", "--plugins", plugins.toString());

    assertThat(status.exit()).as(status.all()).isEqualTo(ExitCode.FAILURE);
    assertThat(status.out()).contains("not checked (docker-compose.yml:", ": the endpoint"
        + " http://minio:9000 (MLFLOW_S3_ENDPOINT_URL of tfcpu-01) is minio, whose container"
        + " lab_deployment_minio_1 is exited (exit code 0) since 2026-12-06 13:00:01 UTC)",
        "\n       Start it with: ",
        " up -d minio\n", "ok     service tfcpu-01: AI_PLUGINS_S3_URI set (");
    System.out.println(status.out());
  }
}
