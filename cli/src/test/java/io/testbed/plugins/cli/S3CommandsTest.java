package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.SdkCredentials;
import io.testbed.plugins.testing.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mb} and {@code sync} end to end: parse, run against S3Proxy, exit code and output. */
@ExtendWith({EmbeddedS3Extension.class, SdkCredentials.class})
class S3CommandsTest {
  private static final AtomicInteger N = new AtomicInteger();

  @TempDir Path tmp;

  private static String bucket() {
    return "cli-" + ProcessHandle.current().pid() + "-" + N.incrementAndGet();
  }

  private Path plugins() throws Exception {
    Path dir = tmp.resolve("plugins");
    Files.createDirectories(dir.resolve("pkg/__pycache__"));
    Files.writeString(dir.resolve("pkg/__init__.py"), "");
    Files.writeString(dir.resolve("pkg/tasks.py"), "def task():\n    pass\n");
    Files.writeString(dir.resolve("pkg/__pycache__/tasks.pyc"), "x");
    return dir;
  }

  @ParameterizedTest
  @ValueSource(strings = {"when_required", "when_supported"})
  void mbCreatesThenReportsExistingBucket(String mode, EmbeddedS3 s3) {
    String bucket = bucket();
    String endpoint = s3.endpoint().toString();

    CliRun created = CliRun.of("mb", "--endpoint-url", endpoint, "--checksum-mode", mode, bucket);
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).contains("make_bucket: " + bucket);

    CliRun again = CliRun.of("mb", "s3://" + bucket, "--endpoint-url", endpoint, "--checksum-mode", mode);
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("already exists");
  }

  @Test
  void mbRejectsAnInvalidNameBeforeAnyRequest() {
    CliRun run = CliRun.of("mb", "--endpoint-url", "http://127.0.0.1:1", "s3://Not_Valid");
    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err()).contains("invalid bucket name 'Not_Valid'").doesNotContain("Exception");
  }

  @ParameterizedTest
  @ValueSource(strings = {"when_required", "when_supported"})
  void syncUploadsThenIsANoOpThenCatchesASameSizeEdit(String mode, EmbeddedS3 s3) throws Exception {
    String bucket = bucket();
    String endpoint = s3.endpoint().toString();
    assertThat(CliRun.of("mb", "--endpoint-url", endpoint, bucket).exitCode()).isZero();
    Path dir = plugins();
    String uri = "s3://" + bucket + "/builtins";

    CliRun first = CliRun.of("sync", "--endpoint-url", endpoint, "--checksum-mode", mode, "--delete", dir.toString(), uri);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("uploaded 2 (").contains("deleted 0, unchanged 0, failed 0");

    CliRun noop = CliRun.of("sync", "--endpoint-url", endpoint, "--checksum-mode", mode, "--delete", dir.toString(), uri);
    assertThat(noop.out()).contains("uploaded 0 (0 B), deleted 0, unchanged 2");

    Path tasks = dir.resolve("pkg/tasks.py");
    FileTime old = Files.getLastModifiedTime(tasks);
    Files.writeString(tasks, "def tusk():\n    pass\n");
    Files.setLastModifiedTime(tasks, FileTime.fromMillis(old.toMillis() - 3_600_000));
    CliRun dry = CliRun.of("sync", "--endpoint-url", endpoint, "--dry-run", "--delete", dir.toString(), uri);
    assertThat(dry.exitCode()).isZero();
    assertThat(dry.out()).contains("* pkg/tasks.py").contains("dry run: would upload 1");

    CliRun edit = CliRun.of("sync", "--endpoint-url", endpoint, "--checksum-mode", mode, "--delete", dir.toString(), uri);
    assertThat(edit.out()).contains("uploaded 1 (");
  }

  @Test
  void syncRefusesAnEmptySourceWithDeleteAndMaxDeleteBeforeChanging(EmbeddedS3 s3) throws Exception {
    String bucket = bucket();
    String endpoint = s3.endpoint().toString();
    CliRun.of("mb", "--endpoint-url", endpoint, bucket);
    Path dir = plugins();
    String uri = "s3://" + bucket + "/builtins/";
    assertThat(CliRun.of("sync", "--endpoint-url", endpoint, dir.toString(), uri).exitCode()).isZero();

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CliRun refused = CliRun.of("sync", "--endpoint-url", endpoint, "--delete", empty.toString(), uri);
    assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(refused.err()).contains("has no files").contains("--force-empty-source");

    Files.writeString(empty.resolve("one.py"), "1");
    CliRun limited = CliRun.of("sync", "--endpoint-url", endpoint, "--delete", "--max-delete", "1", empty.toString(), uri);
    assertThat(limited.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(limited.err()).contains("would delete 2 files").contains("--max-delete 1");

    CliRun dry = CliRun.of("sync", "--endpoint-url", endpoint, "--delete", "--max-delete", "1", "--dry-run", empty.toString(), uri);
    assertThat(dry.exitCode()).as("a dry run fails exactly where the real run would").isEqualTo(ExitCode.FAILURE);

    CliRun check = CliRun.of("sync", "--endpoint-url", endpoint, "--delete", "--dry-run", "--json", dir.toString(), uri);
    assertThat(check.out()).contains("\"unchanged\":2").contains("\"new\":[]").contains("\"dryRun\":true");
  }

  @Test
  void syncDownloadsIntoADirectory(EmbeddedS3 s3) throws Exception {
    String bucket = bucket();
    String endpoint = s3.endpoint().toString();
    CliRun.of("mb", "--endpoint-url", endpoint, bucket);
    Path dir = plugins();
    String uri = "s3://" + bucket + "/builtins";
    CliRun.of("sync", "--endpoint-url", endpoint, dir.toString(), uri);

    Path worker = tmp.resolve("worker/plugins");
    CliRun down = CliRun.of("sync", "--endpoint-url", endpoint, "--delete", uri, worker.toString());
    assertThat(down.exitCode()).as(down.err()).isZero();
    assertThat(down.out()).contains("downloaded 2 (");
    assertThat(worker.resolve("pkg/tasks.py")).hasContent("def task():\n    pass");
  }

  @Test
  void syncNeedsExactlyOneS3Side() {
    CliRun run = CliRun.of("sync", "a", "b");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("exactly one of SRC and DST");
    assertThat(CliRun.of("sync", "--compare", "mtime", "a", "s3://bkt/x").exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aServerThatIsDownGivesOneClearLine() {
    CliRun run = CliRun.of("sync", "--endpoint-url", "http://127.0.0.1:1", "s3://plugins/x", tmp.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err()).contains("could not connect to http://127.0.0.1:1").doesNotContain("at io.");
  }

  @Test
  void helpShowsExamples() {
    CliRun run = CliRun.of("sync", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Examples:").contains("--max-delete").contains("--checksum-mode");
  }

  @Test
  void syncToAMissingBucketSaysToCreateIt(EmbeddedS3 s3) throws Exception {
    CliRun run =
        CliRun.of("sync", "--endpoint-url", s3.endpoint().toString(), plugins().toString(), "s3://" + bucket() + "/x");
    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err()).contains("does not exist").contains("testbed-plugins mb s3://");
  }

  @Test
  void uploadsThatExhaustTheirRetriesExitOneWithASummaryAndNoDeletes(EmbeddedS3 s3) throws Exception {
    String bucket = bucket();
    String endpoint = s3.endpoint().toString();
    CliRun.of("mb", "--endpoint-url", endpoint, bucket);
    Path dir = plugins();
    for (int i = 0; i < 30; i++) {
      Files.writeString(dir.resolve("pkg/m" + i + ".py"), "x = " + i + "\n");
    }
    String uri = "s3://" + bucket + "/builtins";
    CliRun.of("sync", "--endpoint-url", endpoint, dir.resolve("pkg").toString(), uri + "/old");
    try (FaultProxy proxy = FaultProxy.failing(s3.endpoint(), "PUT")) {
      CliRun run =
          CliRun.of("sync", "--endpoint-url", proxy.endpoint().toString(), "--delete", dir.toString(), uri);
      assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
      assertThat(run.err())
          .contains("failed: ")
          .contains("not deleted: ")
          .containsPattern("uploaded \\d+ \\(.*\\), deleted 0, unchanged 0, failed [1-9]");
    }
    CliRun healed = CliRun.of("sync", "--endpoint-url", endpoint, "--delete", dir.toString(), uri);
    assertThat(healed.exitCode()).as(healed.err()).isZero();
    assertThat(CliRun.of("sync", "--endpoint-url", endpoint, "--delete", dir.toString(), uri).out())
        .contains("uploaded 0 (0 B), deleted 0, unchanged 32");
  }
}
