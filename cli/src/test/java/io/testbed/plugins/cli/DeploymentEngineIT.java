package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
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
 *
 * <p>Nothing here assumes what another deployment on the same engine could hold or change: the
 * project is named after this run (so are its containers and networks), the images are tagged by
 * their content, no port is published, and an address is the one {@code docker inspect} reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentEngineIT {
  static final List<String> WORKERS = List.of("tfcpu-01", "tfcpu-02", "pytorchcpu-01");
  static final String URI = "s3://plugins/securingai_builtins";

  Engine engine;
  final String run = UUID.randomUUID().toString().substring(0, 8);
  /** The compose project: the deployment directory's name, unique to this run. */
  final String project = "lab_" + run;
  final String upCommand = "docker-compose -p " + project + " -f docker-compose.yml up -d --no-deps";
  Path work;
  Path lab;
  Path plugins;
  long started;

  @BeforeAll
  void bringUpTheDeployment() throws Exception {
    started = System.nanoTime();
    engine = Engine.start();
    engine.removeLeftovers();
    work = Files.createDirectories(Path.of("target", "engine-it", run)).toAbsolutePath();
    lab = EngineLab.write(engine, work, project, run);
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
    return project + "_" + service + "_1";
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

  /** The container's address on the project's network, as {@code docker inspect} reports it. */
  private String address(String service) throws Exception {
    return engine.ok("inspect", "--format", "{{(index .NetworkSettings.Networks \"" + project
        + "_securingai\").IPAddress}}", container(service));
  }

  // ---- the tests ----

  @Test
  @Order(1)
  void zeroConfigConfigureReachesTheUnpublishedMinioAtItsContainerAddress() throws Exception {
    String minio = address("minio");
    assertThat(minio).matches("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");

    CliProcess.Result dry = cli("configure", "--plugins", plugins.toString(), "--dry-run");

    assertThat(dry.exit()).as(dry.all()).isZero();
    assertThat(dry.out()).containsPattern(Pattern.quote("endpoint http://" + minio + ":9000 ("
        + "MLFLOW_S3_ENDPOINT_URL of tfcpu-01 and 2 more, docker-compose.yml:") + "[0-9]+"
        + Pattern.quote(", via container " + container("minio") + "'s address " + minio
        + " on network " + project + "_securingai (docker inspect))"));
    assertThat(dry.out()).contains("bucket   s3://plugins: create",
        "workers  running containers of tfcpu-01, tfcpu-02, pytorchcpu-01 would keep their old"
            + " environment until recreated; run:\n         " + upCommand
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
        + "\"project\":\"" + project + "\",\"services\":[\"tfcpu-01\",\"tfcpu-02\","
        + "\"pytorchcpu-01\"],\"command\":[\"docker-compose\",\"-p\",\"" + project + "\",\"-f\","
        + "\"docker-compose.yml\",\"up\",\"-d\",\"--no-deps\",\"tfcpu-01\",\"tfcpu-02\","
        + "\"pytorchcpu-01\"]}");
  }

  @Test
  @Order(3)
  void afterConfigureStatusReportsTheRunningWorkersAsStale() throws Exception {
    CliProcess.Result configure = cli("configure", "--plugins", plugins.toString());
    assertThat(configure.exit()).as(configure.all()).isZero();
    assertThat(configure.out()).contains("workers  running containers of tfcpu-01, tfcpu-02,"
        + " pytorchcpu-01 keep their old environment until recreated; run:\n         " + upCommand
        + " tfcpu-01 tfcpu-02 pytorchcpu-01\n");

    CliProcess.Result status = cli("status", "--plugins", plugins.toString());

    assertThat(status.exit()).as(status.all()).isEqualTo(3);
    for (String w : WORKERS) {
      assertThat(status.out()).contains("drift  container " + container(w) + " (" + w
          + "): running without AI_PLUGINS_S3_URI\n");
      assertThat(status.out()).contains("ok     service " + w + ": AI_PLUGINS_S3_URI set");
    }
    assertThat(status.out()).contains("recreate the stale workers with: " + upCommand
        + " tfcpu-01 tfcpu-02 pytorchcpu-01\n", "Drift: 3 difference(s)");
  }

  @Test
  @Order(4)
  void upRecreatesTheStaleWorkersAndNoOtherContainer() throws Exception {
    Map<String, String> before = ids(project);

    CliProcess.Result up = cli("configure", "--plugins", plugins.toString(), "--up");

    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(up.out()).contains("Up to date: ", "$ " + upCommand + " tfcpu-01 tfcpu-02 pytorchcpu-01\n",
        "up       recreated tfcpu-01, tfcpu-02, pytorchcpu-01; each runs");
    Map<String, String> after = ids(project);
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
    String tree = EngineLab.localTree(plugins);
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
    Map<String, String> before = ids(project);

    CliProcess.Result up = cli("configure", "--plugins", plugins.toString(), "--s3-uri",
        "s3://plugins/builtins-v2", "--service", "tfcpu-01", "--up");

    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(up.out()).contains("$ " + upCommand + " tfcpu-01\n");
    Map<String, String> after = ids(project);
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
        + ") is not running after '" + upCommand + " tfcpu-02'",
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
    assertThat(status.out()).containsPattern("note   container " + container("tfcpu-01")
        + " \\(tfcpu-01\\): exited \\(exit code [0-9]+\\); it takes the values when it starts\n");
    assertThat(status.out()).endsWith("In sync.\n");
  }

  @Test
  @Order(10)
  void withMinioPausedStatusNamesItAndTheCommandThatUnpausesIt() throws Exception {
    // a paused container's address still takes connections; nothing answers them
    engine.ok("pause", container("minio"));
    String unpause = "docker-compose -p " + project + " -f docker-compose.yml unpause minio";
    try {
      String[] workers = {"--plugins", plugins.toString(), "--service", "tfcpu-02"};
      long start = System.nanoTime();

      CliProcess.Result status = cli(args("status", workers));

      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println(status.out());
      System.out.printf("status with MinIO paused: %.1f s%n", seconds);
      assertThat(status.exit()).as(status.all()).isEqualTo(1);
      assertThat(status.out()).containsPattern("skip   bucket s3://plugins and"
          + " s3://plugins/securingai_builtins/: not checked \\(docker-compose.yml:[0-9]+:[0-9]+:"
          + " the endpoint http://minio:9000 \\(MLFLOW_S3_ENDPOINT_URL of tfcpu-02\\) is minio,"
          + " whose container " + Pattern.quote(container("minio")) + " is paused: it takes"
          + " connections and answers none\\)\n");
      assertThat(status.out()).contains("\n       Unpause it with: " + unpause + "\n",
          "ok     service tfcpu-02: AI_PLUGINS_S3_URI set",
          "ok     container " + container("tfcpu-02") + " (tfcpu-02): running with");
      assertThat(seconds).as("status took %.1f s", seconds).isLessThan(30);
    } finally {
      Engine.Run unpaused = Engine.run(List.of(unpause.split(" ")), engine.env(), lab, 120);
      assertThat(unpaused.exit()).as(unpaused.all()).isZero();
    }
    assertThat(engine.ok("inspect", "--format", "{{.State.Status}}", container("minio")).strip())
        .isEqualTo("running");
  }

  @Test
  @Order(11)
  void withMinioStoppedStatusReportsTheRestAndTheCommandThatStartsIt() throws Exception {
    engine.ok("stop", container("minio"));
    String since = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.parse(engine.ok("inspect",
            "--format", "{{.State.FinishedAt}}", container("minio"))));
    String start = "docker-compose -p " + project + " -f docker-compose.yml up -d minio";
    String[] workers = {"--plugins", plugins.toString(), "--service", "tfcpu-02", "--service",
        "pytorchcpu-01"};

    CliProcess.Result status = cli(args("status", workers));

    assertThat(status.exit()).as(status.all()).isEqualTo(1);
    assertThat(status.out()).containsPattern("skip   bucket s3://plugins and"
        + " s3://plugins/securingai_builtins/: not checked \\(docker-compose.yml:[0-9]+:[0-9]+:"
        + " the endpoint http://minio:9000 \\(MLFLOW_S3_ENDPOINT_URL of tfcpu-02\\)"
        + " is minio, whose container " + Pattern.quote(container("minio")) + " is exited"
        + " \\(exit code [0-9]+\\) since " + Pattern.quote(since) + "\\)\n");
    assertThat(status.out()).contains("\n       Start it with: " + start + "\n",
        "ok     service tfcpu-02: AI_PLUGINS_S3_URI set",
        "ok     service pytorchcpu-01: AI_PLUGINS_S3_URI set",
        "ok     container " + container("tfcpu-02") + " (tfcpu-02): running with",
        "ok     container " + container("pytorchcpu-01") + " (pytorchcpu-01): running with");
    assertThat(status.out()).endsWith("Not checked: bucket s3://plugins and"
        + " s3://plugins/securingai_builtins/ (see above); the rest is in sync.\n");
    System.out.println(status.out());

    Path compose = lab.resolve("docker-compose.yml");
    byte[] before = Files.readAllBytes(compose);
    CliProcess.Result configure = cli("configure", "--plugins", plugins.toString(), "--s3-uri",
        "s3://plugins/while-minio-is-down", "--service", "tfcpu-02");
    assertThat(configure.exit()).as(configure.all()).isEqualTo(1);
    assertThat(configure.err()).contains("is minio, whose container " + container("minio")
        + " is exited", "Start it with: " + start);
    assertThat(Files.readAllBytes(compose)).isEqualTo(before);

    Engine.Run started = Engine.run(List.of(start.split(" ")), engine.env(), lab, 300);
    assertThat(started.exit()).as(started.all()).isZero();
    long end = System.nanoTime() + 120_000_000_000L;
    while (engine.docker("logs", container("minio")).all().split("S3 API on :9000", -1).length < 3
        && System.nanoTime() < end) {
      Thread.sleep(500);
    }
    // MinIO's stand-in keeps its objects in memory: configure puts them back
    CliProcess.Result again = cli(args("configure", workers));
    assertThat(again.exit()).as(again.all()).isZero();
    CliProcess.Result back = cli(args("status", workers));
    assertThat(back.exit()).as(back.all()).isZero();
    assertThat(back.out()).contains("ok     bucket s3://plugins exists").endsWith("In sync.\n");
  }

  private static String[] args(String command, String... more) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  @Order(12)
  void aDeploymentStartedUnderAnotherProjectNameIsFoundByItsWorkingDirectory() throws Exception {
    String minio = address("minio");
    String other = "other" + run;
    assertThat(engine.compose(lab, "stop", "tfcpu-01", "tfcpu-02", "pytorchcpu-01").exit())
        .isZero();
    assertThat(engine.compose(lab, "rm", "-f", "tfcpu-01", "tfcpu-02", "pytorchcpu-01").exit())
        .isZero();
    Engine.Run elsewhere = engine.compose(lab, "-p", other, "up", "-d", "--no-deps", "tfcpu-02");
    assertThat(elsewhere.exit()).as(elsewhere.all()).isZero();
    Map<String, String> env = new LinkedHashMap<>(engine.env());
    env.put("AWS_ACCESS_KEY_ID", "minio-admin");
    env.put("AWS_SECRET_ACCESS_KEY", "engine-suite-password");

    CliProcess.Result status = new CliProcess(lab, env).run("status", "--plugins",
        plugins.toString(), "--service", "tfcpu-02", "--endpoint-url",
        "http://" + minio + ":9000");

    assertThat(status.out()).as(status.all()).contains(
        "note   the containers run under project name '" + other + "', not '" + project + "'",
        "container " + other + "_tfcpu-02_1 (tfcpu-02): running");
    engine.compose(lab, "-p", other, "rm", "-s", "-f", "tfcpu-02");

    CliProcess.Result none = new CliProcess(lab, env).run("status", "--plugins",
        plugins.toString(), "--service", "tfcpu-02", "--endpoint-url",
        "http://" + minio + ":9000");
    assertThat(none.out()).as(none.all()).contains("note   no container of a selected worker was"
        + " found under project name '" + project + "', nor from this directory under another"
        + " name");
    assertThat(none.exit()).as(none.all()).isZero();
  }
}
