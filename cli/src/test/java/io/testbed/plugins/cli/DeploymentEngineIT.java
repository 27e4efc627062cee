package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The running deployment on a real Docker engine: a miniature of the Testbed's single-machine
 * deployment (MinIO publishing no port, restapi, redis, three workers that pull {@code
 * AI_PLUGINS_S3_URI} when they start), brought up with compose v1, then configured with the CLI.
 * The tests run in order, each on the state the one before left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentEngineIT {
  static final List<String> WORKERS = List.of("tfcpu-01", "tfcpu-02", "pytorchcpu-01");
  static final String URI = "s3://plugins/securingai_builtins";
  static final String UP = "docker-compose -p lab_deployment -f docker-compose.yml up -d --no-deps";

  Engine engine;
  final String run = UUID.randomUUID().toString().substring(0, 8);
  Path work;
  Path lab;
  Path plugins;
  long started;

  @BeforeAll
  void bringUpTheDeployment() throws Exception {
    started = System.nanoTime();
    engine = Engine.start();
    for (String id : engine.ok("ps", "-aq", "--filter", "label=testbed.engine-it").lines()
        .toList()) {
      engine.docker("rm", "-f", "-v", id);   // left by an earlier run that was killed
    }
    engine.images("src/test/engine/images.sh", "tensorflow2-cpu", "pytorch-cpu");
    work = Files.createDirectories(Path.of("target", "engine-it", run)).toAbsolutePath();
    Path app = app(work.resolve("app"));
    lab = Files.createDirectories(work.resolve("lab_deployment"));
    try (var in = getClass().getResourceAsStream("/engine/lab_deployment/docker-compose.yml")) {
      Files.copy(in, lab.resolve("docker-compose.yml"));
    }
    Files.writeString(lab.resolve(".env"), "MINIO_ROOT_USER=minio-admin\n"
        + "MINIO_ROOT_PASSWORD=engine-suite-password\n"
        + "TESTBED_IT_RUN=" + run + "\nTESTBED_IT_APP=" + app + "\n");
    plugins = work.resolve("task-plugins/securingai_builtins");
    ConfigureCommandTest.copyTree(ConfigureCommandTest.BUILTINS, plugins);
    Engine.Run up = engine.compose(lab, "up", "-d");
    assertThat(up.exit()).as(up.all()).isZero();
    waitFor("minio", "S3 API on :9000");
    for (String w : WORKERS) {
      waitFor(w, "worker ready: none");
    }
    System.out.printf("engine suite: deployment up in %.1f s%n", seconds());
  }

  @AfterAll
  void tearDown() throws Exception {
    if (engine != null) {
      engine.removeRun(run);
      System.out.printf("engine suite: %.1f s in all%n", seconds());
      engine.close();
    }
  }

  // ---- the deployment ----

  /** What /app holds: the CLI jar, the worker's entrypoint, and S3Proxy with its libraries. */
  private static Path app(Path app) throws IOException {
    MinioStandIn.copyClassPath(app);
    Files.copy(Path.of(System.getProperty("launcher.jar")), app.resolve("testbed-plugins.jar"));
    try (var in = DeploymentEngineIT.class.getResourceAsStream("/engine/worker.sh")) {
      Files.copy(in, app.resolve("worker.sh"));
    }
    return app;
  }

  /** Waits until the service's container has logged {@code text}. */
  private void waitFor(String service, String text) throws Exception {
    long end = System.nanoTime() + 120_000_000_000L;
    String logs = "";
    while (System.nanoTime() < end) {
      logs = engine.docker("logs", container(service)).all();
      if (logs.contains(text)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(service + " did not log '" + text + "' in 2 minutes:\n" + logs);
  }

  private String container(String service) throws Exception {
    return "lab_deployment_" + service + "_1";
  }

  /** Container ids by service, for the project. */
  private Map<String, String> ids(String project) throws Exception {
    Map<String, String> ids = new TreeMap<>();
    engine.ok("ps", "-a", "--no-trunc", "--filter", "label=com.docker.compose.project=" + project,
        "--format", "{{.Label \"com.docker.compose.service\"}} {{.ID}}").lines()
        .forEach(l -> ids.put(l.split(" ")[0], l.split(" ")[1]));
    return ids;
  }

  private CliProcess.Result cli(String... args) throws Exception {
    return new CliProcess(lab, engine.env()).run(args);
  }

  private double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void zeroConfigConfigureReachesTheUnpublishedMinioAtItsContainerAddress() throws Exception {
    CliProcess.Result dry = cli("configure", "--plugins", plugins.toString(), "--dry-run");

    assertThat(dry.exit()).as(dry.all()).isZero();
    assertThat(dry.out()).containsPattern("endpoint http://172\\.[0-9.]+:9000 \\("
        + "MLFLOW_S3_ENDPOINT_URL of tfcpu-01 and 2 more, docker-compose.yml:[0-9]+, via container"
        + " lab_deployment_minio_1's address 172\\.[0-9.]+ on network lab_deployment_securingai"
        + " \\(docker inspect\\)\\)");
    assertThat(dry.out()).contains("bucket   s3://plugins: create",
        "workers  running containers of tfcpu-01, tfcpu-02, pytorchcpu-01 would keep their old"
            + " environment until recreated; run:\n         " + UP
            + " tfcpu-01 tfcpu-02 pytorchcpu-01\n");
    Files.writeString(work.getParent().resolve("inspect-minio.json"),
        engine.ok("inspect", "--type", "container", container("minio")) + "\n");
  }

  @Test
  @Order(2)
  void jsonCarriesTheCommandAsAnArgumentList() throws Exception {
    CliProcess.Result json = cli("configure", "--plugins", plugins.toString(), "--dry-run",
        "--json");

    assertThat(json.exit()).as(json.all()).isZero();
    assertThat(json.out()).contains("\"rollout\":{\"cli\":\"docker-compose\",\"installed\":true,"
        + "\"project\":\"lab_deployment\",\"services\":[\"tfcpu-01\",\"tfcpu-02\","
        + "\"pytorchcpu-01\"],\"command\":[\"docker-compose\",\"-p\",\"lab_deployment\",\"-f\","
        + "\"docker-compose.yml\",\"up\",\"-d\",\"--no-deps\",\"tfcpu-01\",\"tfcpu-02\","
        + "\"pytorchcpu-01\"]}");
  }

  @Test
  @Order(3)
  void afterConfigureStatusReportsTheRunningWorkersAsStale() throws Exception {
    CliProcess.Result configure = cli("configure", "--plugins", plugins.toString());
    assertThat(configure.exit()).as(configure.all()).isZero();
    assertThat(configure.out()).contains("workers  running containers of tfcpu-01, tfcpu-02,"
        + " pytorchcpu-01 keep their old environment until recreated; run:\n         " + UP
        + " tfcpu-01 tfcpu-02 pytorchcpu-01\n");

    CliProcess.Result status = cli("status", "--plugins", plugins.toString());

    assertThat(status.exit()).as(status.all()).isEqualTo(3);
    for (String w : WORKERS) {
      assertThat(status.out()).contains("drift  container " + container(w) + " (" + w
          + "): running without AI_PLUGINS_S3_URI\n");
      assertThat(status.out()).contains("ok     service " + w + ": AI_PLUGINS_S3_URI set");
    }
    assertThat(status.out()).contains("recreate the stale workers with: " + UP
        + " tfcpu-01 tfcpu-02 pytorchcpu-01\n", "Drift: 3 difference(s)");
  }

  @Test
  @Order(4)
  void upRecreatesTheStaleWorkersAndNoOtherContainer() throws Exception {
    Map<String, String> before = ids("lab_deployment");

    CliProcess.Result up = cli("configure", "--plugins", plugins.toString(), "--up");

    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(up.out()).contains("Up to date: ", "$ " + UP + " tfcpu-01 tfcpu-02 pytorchcpu-01\n",
        "up       recreated tfcpu-01, tfcpu-02, pytorchcpu-01; each runs");
    Map<String, String> after = ids("lab_deployment");
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((service, id) -> {
      if (WORKERS.contains(service)) {
        assertThat(after.get(service)).as(service).isNotEqualTo(id);
      } else {
        assertThat(after.get(service)).as(service).isEqualTo(id);
      }
    });
    System.out.println(up.out());
  }

  @Test
  @Order(5)
  void everyWorkerThenHoldsExactlyThePluginTree() throws Exception {
    String tree = localTree(plugins);
    for (String w : WORKERS) {
      waitFor(w, "worker ready: " + URI);
      assertThat(engine.ok("exec", container(w), "cat", "/work/pulled")).isEqualTo(URI);
      assertThat(engine.ok("exec", container(w), "sh", "-c",
          "cd /work/plugins && find . -type f | sort | xargs md5sum")).as(w).isEqualTo(tree);
    }
  }

  @Test
  @Order(6)
  void statusIsInSyncAfterwards() throws Exception {
    CliProcess.Result status = cli("status", "--plugins", plugins.toString());

    assertThat(status.exit()).as(status.all()).isZero();
    for (String w : WORKERS) {
      assertThat(status.out()).contains("ok     container " + container(w) + " (" + w
          + "): running with AI_PLUGINS_S3_URI=" + URI + "\n");
    }
    assertThat(status.out()).endsWith("In sync.\n");
    System.out.println(status.out());
  }

  @Test
  @Order(7)
  void upRecreatesOnlyTheWorkerWhoseValueChanged() throws Exception {
    Map<String, String> before = ids("lab_deployment");

    CliProcess.Result up = cli("configure", "--plugins", plugins.toString(), "--s3-uri",
        "s3://plugins/builtins-v2", "--service", "tfcpu-01", "--up");

    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(up.out()).contains("$ " + UP + " tfcpu-01\n");
    Map<String, String> after = ids("lab_deployment");
    before.forEach((service, id) -> assertThat(after.get(service).equals(id)).as(service)
        .isEqualTo(!service.equals("tfcpu-01")));
    waitFor("tfcpu-01", "worker ready: s3://plugins/builtins-v2");
  }

  @Test
  @Order(8)
  void aWorkerThatDoesNotStartAfterUpFailsTheRunWithItsLastLogLines() throws Exception {
    CliProcess.Result up = cli("compose", "set-env", "--set",
        "AI_PLUGINS_S3_URI=s3://no-such-bucket/plugins", "--service", "tfcpu-02", "--up");

    assertThat(up.exit()).as(up.all()).isEqualTo(1);
    assertThat(up.err()).contains("worker tfcpu-02 (container " + container("tfcpu-02")
        + ") is not running after '" + UP + " tfcpu-02'",
        "cannot pull the task plugins from s3://no-such-bucket/plugins",
        "The compose files are written");
    assertThat(Files.readString(lab.resolve("docker-compose.yml")))
        .contains("AI_PLUGINS_S3_URI: s3://no-such-bucket/plugins");
    System.out.println(up.all());

    CliProcess.Result back = cli("compose", "set-env", "--set", "AI_PLUGINS_S3_URI=" + URI,
        "--service", "tfcpu-02", "--up");
    assertThat(back.exit()).as(back.all()).isZero();
  }

  @Test
  @Order(9)
  void aStoppedWorkerIsNotedButIsNotDrift() throws Exception {
    assertThat(engine.compose(lab, "stop", "tfcpu-01").exit()).isZero();

    CliProcess.Result status = cli("status", "--plugins", plugins.toString(), "--s3-uri",
        "s3://plugins/builtins-v2", "--service", "tfcpu-01");

    assertThat(status.exit()).as(status.all()).isZero();
    assertThat(status.out()).containsPattern("note   container lab_deployment_tfcpu-01_1"
        + " \\(tfcpu-01\\): exited \\(exit code [0-9]+\\); it takes the values when it starts\n");
    assertThat(status.out()).endsWith("In sync.\n");
  }

  @Test
  @Order(10)
  void aDeploymentStartedUnderAnotherProjectNameIsFoundByItsWorkingDirectory() throws Exception {
    String minio = engine.ok("inspect", "--format",
        "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container("minio"));
    assertThat(engine.compose(lab, "stop", "tfcpu-01", "tfcpu-02", "pytorchcpu-01").exit())
        .isZero();
    assertThat(engine.compose(lab, "rm", "-f", "tfcpu-01", "tfcpu-02", "pytorchcpu-01").exit())
        .isZero();
    Engine.Run other = engine.compose(lab, "-p", "otherlab", "up", "-d", "--no-deps", "tfcpu-02");
    assertThat(other.exit()).as(other.all()).isZero();
    Map<String, String> env = new LinkedHashMap<>(engine.env());
    env.put("AWS_ACCESS_KEY_ID", "minio-admin");
    env.put("AWS_SECRET_ACCESS_KEY", "engine-suite-password");

    CliProcess.Result status = new CliProcess(lab, env).run("status", "--plugins",
        plugins.toString(), "--service", "tfcpu-02", "--endpoint-url",
        "http://" + minio + ":9000");

    assertThat(status.out()).as(status.all()).contains(
        "note   the containers run under project name 'otherlab', not 'lab_deployment'",
        "container otherlab_tfcpu-02_1 (tfcpu-02): running");
    engine.compose(lab, "-p", "otherlab", "rm", "-s", "-f", "tfcpu-02");

    CliProcess.Result none = new CliProcess(lab, env).run("status", "--plugins",
        plugins.toString(), "--service", "tfcpu-02", "--endpoint-url",
        "http://" + minio + ":9000");
    assertThat(none.out()).as(none.all()).contains("note   no container of a selected worker was"
        + " found under project name 'lab_deployment', nor from this directory under another"
        + " name");
    assertThat(none.exit()).as(none.all()).isZero();
  }

  /** {@code md5sum} lines for every file under {@code root}, as {@code find | sort} lists them. */
  static String localTree(Path root) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = "./" + root.relativize(p).toString().replace('\\', '/');
        byte[] md5 = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p));
        lines.add(rel + "\t" + HexFormat.of().formatHex(md5));
      }
    }
    return lines.stream().sorted(java.util.Comparator.comparing(l -> l.split("\t")[0]))
        .map(l -> l.split("\t")[1] + "  " + l.split("\t")[0])
        .reduce((a, b) -> a + "\n" + b).orElse("");
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
