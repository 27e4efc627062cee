package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.edit.ComposeWriter;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real CLI with SIGKILL at random points while it runs {@code compose set-env} and
 * {@code configure}, many times over. After every kill the compose file is byte-identical to the old
 * or the new version and parses, a requested backup is intact, and a re-run completes.
 *
 * <p>{@code -Dcrash.iterations=N} runs more kills (the default keeps CI short).
 */
@ExtendWith(EmbeddedS3Extension.class)
class CrashTest {
  static final int ITERATIONS = Integer.getInteger("crash.iterations", 12);
  static final Path LAB = Path.of("..", "examples", "lab_deployment", "docker-compose.yml");
  static final Path BUILTINS = Path.of("..", "examples", "task-plugins", "securingai_builtins");

  @TempDir Path tmp;

  @Test
  void setEnvKilledAtRandomLeavesTheOldOrTheNewFileAndAReRunCompletes() throws Exception {
    byte[] old = Files.readAllBytes(LAB);
    String[] args = {
      "compose", "set-env", "--compose", "docker-compose.yml", "--backup",
      "--set", "AI_PLUGINS_S3_URI=s3://plugins/securingai_builtins"
    };
    CliProcess cli = new CliProcess(tmp, Map.of());
    Files.write(tmp.resolve("docker-compose.yml"), old);
    long start = System.nanoTime();
    assertThat(cli.run(args).exit()).isZero();
    long fullRunMillis = (System.nanoTime() - start) / 1_000_000;
    byte[] updated = Files.readAllBytes(tmp.resolve("docker-compose.yml"));
    assertThat(updated).isNotEqualTo(old);

    Random random = new Random(42);
    int killedMidRun = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      reset(old);
      Process p = cli.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"), args);
      Thread.sleep(randomDelay(random, fullRunMillis));
      if (p.isAlive()) {
        killedMidRun++;
      }
      p.destroyForcibly().waitFor();

      assertOldOrNew(old, updated, "kill " + i);
      assertThat(cli.run(args).exit()).as("re-run after kill " + i).isZero();
      assertThat(Files.readAllBytes(compose())).isEqualTo(updated);
      try (Stream<Path> files = Files.list(tmp)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .as("the re-run removed the temp files of the killed run")
            .noneMatch(n -> n.startsWith(".docker-compose.yml") && n.endsWith(".tmp"));
      }
    }
    assertThat(killedMidRun).as("kills that hit a running process").isPositive();
  }

  @Test
  void configureKilledAtRandomLeavesTheOldOrTheNewFileAndAReRunCompletes(EmbeddedS3 s3)
      throws Exception {
    byte[] old = Files.readAllBytes(LAB);
    Path plugins = tmp.resolve("plugins");
    ConfigureCommandTest.copyTree(BUILTINS, plugins);
    CliProcess cli =
        new CliProcess(
            tmp,
            Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));

    Random random = new Random(7);
    long fullRunMillis = 0;
    byte[] updated = null;
    int killedMidRun = 0;
    for (int i = 0; i <= ITERATIONS / 2; i++) {
      String bucket = "crash-" + i + "-" + ProcessHandle.current().pid();
      String[] args = {
        "configure", "--compose", "docker-compose.yml", "--backup",
        "--plugins", plugins.toString(), "--s3-uri", "s3://" + bucket + "/securingai_builtins",
        "--endpoint-url", s3.endpoint().toString()
      };
      String[] status = args.clone();
      status[0] = "status";
      status = Arrays.stream(status).filter(a -> !a.equals("--backup")).toArray(String[]::new);
      reset(old);
      if (i == 0) {
        long start = System.nanoTime();
        CliProcess.Result first = cli.run(args);
        assertThat(first.exit()).as(first.all()).isZero();
        fullRunMillis = (System.nanoTime() - start) / 1_000_000;
        continue;
      }
      Process p = cli.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"), args);
      Thread.sleep(randomDelay(random, fullRunMillis));
      if (p.isAlive()) {
        killedMidRun++;
      }
      p.destroyForcibly().waitFor();

      byte[] now = Files.readAllBytes(compose());
      if (!Arrays.equals(now, old)) {
        assertThat(new String(now, java.nio.charset.StandardCharsets.UTF_8))
            .as("kill %d: a changed file is the complete new version", i)
            .contains("s3://" + bucket + "/securingai_builtins")
            .hasSize(expectedLength(old, bucket));
        ComposeFile.read(compose());
      }
      assertBackupIntact(old);
      CliProcess.Result rerun = cli.run(args);
      assertThat(rerun.exit()).as("re-run after kill %d: %s", i, rerun.all()).isZero();
      CliProcess.Result check = cli.run(status);
      assertThat(check.exit()).as("status after re-run %d: %s", i, check.all()).isZero();
    }
    assertThat(killedMidRun).as("kills that hit a running process").isPositive();
  }

  /** The length of the lab file with the variable added to its 8 workers. */
  private static int expectedLength(byte[] old, String bucket) {
    return new String(old, java.nio.charset.StandardCharsets.UTF_8).length()
        + 8 * ("      AI_PLUGINS_S3_URI: s3://" + bucket + "/securingai_builtins\n").length();
  }

  private static long randomDelay(Random random, long fullRunMillis) {
    return (long) (fullRunMillis * (0.2 + random.nextDouble()));
  }

  private Path compose() {
    return tmp.resolve("docker-compose.yml");
  }

  private void reset(byte[] old) throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      for (Path p : files.filter(f -> f.getFileName().toString().contains("docker-compose")).toList()) {
        Files.delete(p);
      }
    }
    Files.write(compose(), old);
  }

  private void assertOldOrNew(byte[] old, byte[] updated, String what) throws IOException {
    byte[] now = Files.readAllBytes(compose());
    assertThat(List.of(Arrays.equals(now, old), Arrays.equals(now, updated)))
        .as("%s: the file is the old or the new version", what)
        .contains(true);
    ComposeFile.read(compose());
    assertBackupIntact(old);
  }

  private void assertBackupIntact(byte[] old) throws IOException {
    Path backup = ComposeWriter.backupPath(compose());
    if (Files.exists(backup)) {
      assertThat(Files.readAllBytes(backup)).as("backup").isEqualTo(old);
    }
  }
}
