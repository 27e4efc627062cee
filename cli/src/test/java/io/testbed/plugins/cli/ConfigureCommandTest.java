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
import io.testbed.plugins.s3.Sync;
import io.testbed.plugins.s3.SyncExecutor;
import io.testbed.plugins.s3.SyncListener;
import io.testbed.plugins.s3.SyncOptions;
import io.testbed.plugins.s3.SyncPlan;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.SdkCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code configure} and {@code status} end to end: the real CLI wiring, in process, against an
 * S3Proxy server on 127.0.0.1, on a copy of the example lab deployment.
 */
@ExtendWith({EmbeddedS3Extension.class, SdkCredentials.class})
class ConfigureCommandTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final Path LAB_COMPOSE = EXAMPLES.resolve("lab_deployment/docker-compose.yml");
  static final Path BUILTINS = EXAMPLES.resolve("task-plugins/securingai_builtins");
  static final Path CUSTOM = EXAMPLES.resolve("task-plugins/custom_plugins");
  static final List<String> WORKERS =
      List.of(
          "tfcpu-01", "tfcpu-02", "tfgpu-01", "tfgpu-02", "tfgpu-03",
          "pytorchcpu-01", "pytorchcpu-02", "pytorchgpu-01");

  @TempDir Path tmp;
  EmbeddedS3 s3;
  String bucket;
  Path compose;
  Path plugins;

  @BeforeEach
  void setUp(EmbeddedS3 s3) throws IOException {
    this.s3 = s3;
    bucket = "plugins-" + UUID.randomUUID().toString().substring(0, 8);
    compose = tmp.resolve("lab/docker-compose.yml");
    Files.createDirectories(compose.getParent());
    Files.copy(LAB_COMPOSE, compose);
    plugins = tmp.resolve("task-plugins/securingai_builtins");
    copyTree(BUILTINS, plugins);
  }

  CliRun run(String... args) {
    return CliRun.of(args);
  }

  CliRun configure(String... extra) {
    List<String> args = new ArrayList<>(List.of("configure"));
    args.addAll(common());
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  CliRun status(String... extra) {
    List<String> args = new ArrayList<>(List.of("status"));
    args.addAll(common());
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  List<String> common() {
    return List.of(
        "--compose", compose.toString(),
        "--plugins", plugins.toString(),
        "--s3-uri", "s3://" + bucket + "/securingai_builtins",
        "--endpoint-url", s3.endpoint().toString());
  }

  S3Session session() {
    return S3Session.open(
        S3Settings.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build());
  }

  @Test
  void dryRunPrintsThePlanAndLeavesNoBucketAndTheComposeFileByteIdentical() throws IOException {
    byte[] before = Files.readAllBytes(compose);

    CliRun r = configure("--dry-run");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("bucket   s3://" + bucket + ": create")
        .contains(plugins.resolve("").toString())
        .contains("+      AI_PLUGINS_S3_URI: s3://" + bucket + "/securingai_builtins")
        .contains("Dry run: nothing was changed");
    assertThat(Files.readAllBytes(compose)).isEqualTo(before);
    try (S3Session session = session()) {
      assertThat(BucketProvisioner.plan(session, bucket).action()).isEqualTo(BucketPlan.Action.CREATE);
    }
  }

  @Test
  void configureCreatesTheBucketSyncsThePluginsAndSetsTheVariableInExactlyTheEightWorkers()
      throws IOException {
    CliRun r = configure();

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("created  bucket s3://" + bucket).contains("wrote    ");
    ComposeFile written = ComposeFile.read(compose);
    for (String service : written.serviceNames()) {
      assertThat(written.envValue(service, "AI_PLUGINS_S3_URI"))
          .as(service)
          .isEqualTo(
              WORKERS.contains(service)
                  ? java.util.Optional.of("s3://" + bucket + "/securingai_builtins")
                  : java.util.Optional.empty());
    }
    try (S3Session session = session()) {
      RemoteTree remote = RemoteTree.list(session, S3Location.parse("s3://" + bucket + "/securingai_builtins"));
      assertThat(remote.objects().stream().map(RemoteObject::path).sorted().toList())
          .isEqualTo(List.copyOf(files(plugins).keySet()));
    }
  }

  @Test
  void secondRunSaysUpToDateWritesNothingAndExitsZero() throws IOException {
    assertThat(configure().exitCode()).isZero();
    FileTime mtime = Files.getLastModifiedTime(compose);
    byte[] bytes = Files.readAllBytes(compose);

    CliRun again = configure();

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("\nUp to date:").contains("8 workers have AI_PLUGINS_S3_URI");
    assertThat(Files.getLastModifiedTime(compose)).isEqualTo(mtime);
    assertThat(Files.readAllBytes(compose)).isEqualTo(bytes);
  }

  @Test
  void checkExitsThreeWhileChangesArePendingAndZeroOnceConfigured() throws IOException {
    byte[] before = Files.readAllBytes(compose);
    CliRun pending = configure("--check");
    assertThat(pending.exitCode()).isEqualTo(ExitCode.PENDING);
    assertThat(pending.out()).contains("Changes pending");
    assertThat(Files.readAllBytes(compose)).isEqualTo(before);

    assertThat(configure().exitCode()).isZero();
    assertThat(configure("--check").exitCode()).isZero();
  }

  @Test
  void statusReportsDriftAfterALocalPluginEditAndAfterAHandEditOfTheComposeFile() throws IOException {
    assertThat(configure().exitCode()).isZero();
    CliRun clean = status();
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out()).contains("In sync.");

    Files.writeString(plugins.resolve("metrics/distance.py"), "# edited\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    CliRun pluginDrift = status();
    assertThat(pluginDrift.exitCode()).isEqualTo(ExitCode.PENDING);
    assertThat(pluginDrift.out()).contains("drift ").contains("1 changed");

    assertThat(configure().exitCode()).isZero();
    String text = Files.readString(compose);
    Files.writeString(
        compose,
        text.replaceFirst(
            "AI_PLUGINS_S3_URI: s3://" + bucket + "/securingai_builtins",
            "AI_PLUGINS_S3_URI: s3://elsewhere/old"));
    CliRun composeDrift = status("--json");
    assertThat(composeDrift.exitCode()).isEqualTo(ExitCode.PENDING);
    assertThat(composeDrift.out())
        .contains("\"upToDate\":false")
        .contains("service tfcpu-01: AI_PLUGINS_S3_URI is 's3://elsewhere/old'");
  }

  @Test
  void aWorkerDownloadingItsConfiguredUriGetsExactlyTheSourceTree() throws IOException {
    assertThat(configure().exitCode()).isZero();
    ComposeFile written = ComposeFile.read(compose);
    try (S3Session session = session()) {
      for (String worker : WORKERS) {
        String uri = written.envValue(worker, "AI_PLUGINS_S3_URI").orElseThrow();
        Path workdir = tmp.resolve("worker/" + worker);
        Files.createDirectories(workdir);
        SyncPlan plan =
            Sync.plan(session, S3Location.parse(uri), workdir, SyncOptions.builder().delete(true).build());
        assertThat(SyncExecutor.apply(session, plan, SyncListener.NONE).ok()).isTrue();
        assertThat(files(workdir)).as(worker).isEqualTo(files(plugins));
      }
    }
  }

  @Test
  void oneRunConfiguresSeveralCollectionsEachWithItsOwnVariable() throws IOException {
    Path custom = tmp.resolve("task-plugins/custom_plugins");
    copyTree(CUSTOM, custom);

    CliRun r =
        configure(
            "--plugins", custom.toString(),
            "--s3-uri", "s3://" + bucket + "/custom",
            "--var", "AI_CUSTOM_PLUGINS_S3_URI");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    ComposeFile written = ComposeFile.read(compose);
    for (String worker : WORKERS) {
      assertThat(written.envValue(worker, "AI_PLUGINS_S3_URI")).contains("s3://" + bucket + "/securingai_builtins");
      assertThat(written.envValue(worker, "AI_CUSTOM_PLUGINS_S3_URI")).contains("s3://" + bucket + "/custom");
    }
    try (S3Session session = session()) {
      RemoteTree remote = RemoteTree.list(session, S3Location.parse("s3://" + bucket + "/custom"));
      assertThat(remote.objects().stream().map(RemoteObject::path).sorted().toList())
          .isEqualTo(List.copyOf(files(custom).keySet()));
    }
  }

  @Test
  void twoConfigureRunsOnTheSameFileAtOnceLoseNoUpdate() throws Exception {
    Path custom = tmp.resolve("task-plugins/custom_plugins");
    copyTree(CUSTOM, custom);
    String endpoint = s3.endpoint().toString();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<CliRun> a =
          pool.submit(() -> run("configure", "--compose", compose.toString(), "--plugins", plugins.toString(),
              "--s3-uri", "s3://" + bucket + "/builtins", "--var", "VAR_A", "--endpoint-url", endpoint));
      java.util.concurrent.Future<CliRun> b =
          pool.submit(() -> run("configure", "--compose", compose.toString(), "--plugins", custom.toString(),
              "--s3-uri", "s3://" + bucket + "/custom", "--var", "VAR_B", "--endpoint-url", endpoint));
      assertThat(a.get().exitCode()).as(a.get().out() + a.get().err()).isZero();
      assertThat(b.get().exitCode()).as(b.get().out() + b.get().err()).isZero();
    } finally {
      pool.shutdown();
    }
    ComposeFile written = ComposeFile.read(compose);
    for (String worker : WORKERS) {
      assertThat(written.envValue(worker, "VAR_A")).as(worker).contains("s3://" + bucket + "/builtins");
      assertThat(written.envValue(worker, "VAR_B")).as(worker).contains("s3://" + bucket + "/custom");
    }
  }

  @Test
  void overlappingCollectionsAreRefusedBeforeAnythingChanges() throws IOException {
    byte[] before = Files.readAllBytes(compose);
    CliRun r =
        configure(
            "--plugins", plugins.toString(),
            "--s3-uri", "s3://" + bucket + "/securingai_builtins/nested",
            "--var", "OTHER_URI");
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains("overlap").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(Files.readAllBytes(compose)).isEqualTo(before);
  }

  @Test
  void aMissingPluginDirectoryIsAClearErrorWithoutAStackTraceAndChangesNothing() throws IOException {
    byte[] before = Files.readAllBytes(compose);
    List<String> args = new ArrayList<>(common());
    args.set(args.indexOf("--plugins") + 1, tmp.resolve("nope").toString());
    args.add(0, "configure");

    CliRun r = run(args.toArray(String[]::new));

    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains("nope: no such directory").doesNotContain("\tat ");
    assertThat(Files.readAllBytes(compose)).isEqualTo(before);
    try (S3Session session = session()) {
      assertThat(BucketProvisioner.plan(session, bucket).action()).isEqualTo(BucketPlan.Action.CREATE);
    }
  }

  @Test
  void aComposeFileWithoutWorkersIsRefusedWithTheServicesItHas() throws IOException {
    Files.writeString(compose, "services:\n  web:\n    image: nginx\n");
    CliRun r = configure();
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains("no worker service found among web").contains("--service");
  }

  @Test
  void anEmptyPluginDirectoryIsRefused() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    List<String> args = new ArrayList<>(common());
    args.set(args.indexOf("--plugins") + 1, empty.toString());
    args.add(0, "configure");
    CliRun r = run(args.toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains("empty");
  }

  @Test
  void usageErrorsExitTwo() {
    CliRun r = run("configure", "--s3-uri", "s3://plugins/x");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--plugins");
  }

  static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        files.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
