package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.s3.RemoteObject;
import io.testbed.plugins.s3.RemoteTree;
import io.testbed.plugins.s3.S3Location;
import io.testbed.plugins.s3.S3Session;
import io.testbed.plugins.s3.S3Settings;
import io.testbed.plugins.s3.Sync;
import io.testbed.plugins.s3.SyncExecutor;
import io.testbed.plugins.s3.SyncListener;
import io.testbed.plugins.s3.SyncOptions;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.SdkCredentials;
import io.testbed.plugins.testing.FaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code configure} through a proxy that faults 10% of the requests (500, 503, SlowDown, resets
 * mid-body, latency, truncated responses), and 40% and 70% so that some runs do fail. Each run completes, or exits 1 with a clear message and
 * leaves the compose file untouched; no object ever holds partial content; a healthy re-run
 * converges to the exact tree.
 */
@ExtendWith({EmbeddedS3Extension.class, SdkCredentials.class})
class ConfigureFaultTest {
  @TempDir Path tmp;

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @ParameterizedTest(name = "{1} fault rate, seed {0}")
  @CsvSource({"1, 0.10", "2, 0.10", "3, 0.10", "4, 0.10", "5, 0.40", "6, 0.40", "7, 0.70", "8, 0.70"})
  void aFaultyConfigureCompletesOrFailsCleanlyAndAHealthyReRunConverges(long seed, double rate, EmbeddedS3 s3)
      throws IOException {
    String bucket = "faulty-" + seed + "-" + ProcessHandle.current().pid();
    String uri = "s3://" + bucket + "/securingai_builtins";
    Path plugins = tmp.resolve("plugins");
    ConfigureCommandTest.copyTree(ConfigureCommandTest.BUILTINS, plugins);
    Path compose = tmp.resolve("docker-compose.yml");
    Files.copy(ConfigureCommandTest.LAB_COMPOSE, compose);
    String[] healthy = {
      "configure", "--compose", compose.toString(), "--plugins", plugins.toString(),
      "--s3-uri", uri, "--endpoint-url", s3.endpoint().toString()
    };

    // a first version of the collection is in place, with one file that will be deleted
    Files.writeString(plugins.resolve("obsolete.py"), "# old\n");
    assertThat(run(healthy).exitCode()).isZero();
    Map<String, String> oldVersion = ConfigureCommandTest.files(plugins);
    // the new version: edits, a new package, a deleted module; and the compose file is fresh
    Files.delete(plugins.resolve("obsolete.py"));
    for (int i = 0; i < 40; i++) {
      Files.createDirectories(plugins.resolve("extra"));
      Files.writeString(plugins.resolve("extra/m" + i + ".py"), ("x = " + i + "\n").repeat(200 + i));
    }
    Files.writeString(plugins.resolve("random/rng.py"), "# new version\n", java.nio.file.StandardOpenOption.APPEND);
    Files.copy(ConfigureCommandTest.LAB_COMPOSE, compose, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> newVersion = ConfigureCommandTest.files(plugins);
    byte[] composeBefore = Files.readAllBytes(compose);

    CliRun faulty;
    try (FaultProxy proxy = FaultProxy.start(s3.endpoint(), rate, seed)) {
      String[] args = healthy.clone();
      args[args.length - 1] = proxy.endpoint().toString();
      faulty = run(args);
    }

    System.out.printf("configure at %.0f%% faults, seed %d: exit %d %s%n", rate * 100, seed, faulty.exitCode(), faulty.err().lines().findFirst().orElse(""));
    assertThat(faulty.exitCode()).as(faulty.out() + faulty.err()).isIn(ExitCode.OK, ExitCode.FAILURE);
    assertThat(faulty.err()).doesNotContain("\tat ").doesNotContain("internal error");
    if (faulty.exitCode() == ExitCode.FAILURE) {
      assertThat(faulty.out() + faulty.err()).containsAnyOf("failed", "could not");
      assertThat(Files.readAllBytes(compose)).as("compose untouched after a failed run").isEqualTo(composeBefore);
    }
    try (S3Session session = session(s3)) {
      Map<String, String> remote = download(session, uri, tmp.resolve("after-fault"));
      assertThat(remote.keySet())
          .containsExactlyInAnyOrderElementsOf(
              RemoteTree.list(session, S3Location.parse(uri)).objects().stream().map(RemoteObject::path).toList());
      remote.forEach(
          (path, content) ->
              assertThat(content)
                  .as("%s holds a whole version, old or new", path)
                  .isIn(oldVersion.get(path), newVersion.get(path)));
      if (faulty.exitCode() == ExitCode.FAILURE && !remote.keySet().containsAll(newVersion.keySet())) {
        assertThat(remote).as("no delete after a failed upload").containsKey("obsolete.py");
      }
    }

    CliRun rerun = run(healthy);
    assertThat(rerun.exitCode()).as(rerun.out() + rerun.err()).isZero();
    assertThat(run(statusOf(healthy)).exitCode()).isZero();
    try (S3Session session = session(s3)) {
      assertThat(download(session, uri, tmp.resolve("pulled"))).isEqualTo(newVersion);
    }
  }

  private static String[] statusOf(String[] configure) {
    String[] status = configure.clone();
    status[0] = "status";
    return status;
  }

  private static S3Session session(EmbeddedS3 s3) {
    return S3Session.open(
        S3Settings.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build());
  }

  /** The prefix's contents, downloaded the way a worker does (an exact mirror into {@code dir}). */
  private static Map<String, String> download(S3Session session, String uri, Path dir) throws IOException {
    Files.createDirectories(dir);
    var plan = Sync.plan(session, S3Location.parse(uri), dir, SyncOptions.builder().delete(true).build());
    assertThat(SyncExecutor.apply(session, plan, SyncListener.NONE).ok()).isTrue();
    return ConfigureCommandTest.files(dir);
  }
}
