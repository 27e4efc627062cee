package io.testbed.plugins.cli;

import static io.testbed.plugins.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.FaultProxy;
import io.testbed.plugins.testing.SdkCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code sync --watch} as a real process: SIGTERM in the middle of an upload, and one-shot runs
 * beside a watch. Every wait is for a condition, with a deadline.
 */
@ExtendWith({EmbeddedS3Extension.class, SdkCredentials.class})
class WatchCommandTest {
  private static final AtomicInteger N = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

  @TempDir Path tmp;

  private String bucket(EmbeddedS3 s3) {
    String b = "watch-cli-" + ProcessHandle.current().pid() + "-" + N.incrementAndGet();
    assertThat(CliRun.of("mb", "--endpoint-url", s3.endpoint().toString(), b).exitCode()).isZero();
    return b;
  }

  private CliProcess cli(EmbeddedS3 s3) {
    return new CliProcess(tmp, Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(),
        "AWS_SECRET_ACCESS_KEY", s3.secretKey(), "XDG_CACHE_HOME", tmp.resolve("cache").toString()));
  }

  private Path plugins() throws IOException {
    Path dir = tmp.resolve("plugins");
    for (int i = 0; i < 4; i++) {
      write(dir, "old/m" + i + ".py", "# module " + i + "\n");
    }
    write(dir, "keep.py", "# stays\n");
    return dir;
  }


  /** The JSON lines printed so far; each must parse. */
  private static List<JsonNode> lines(Path out) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  private static boolean printed(Path out, String event) {
    try {
      return lines(out).stream().anyMatch(n -> n.path("event").asText().equals(event));
    } catch (IOException e) {
      return false; // a line half written: not yet
    }
  }

  private static void await(String what, Process p, Path err, BooleanSupplier condition)
      throws Exception {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (!condition.getAsBoolean()) {
      assertThat(p.isAlive()).as("the watch died before %s: %s", what, Files.readString(err)).isTrue();
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Set<String> keys(EmbeddedS3 s3, String bucket) {
    try (S3Client raw = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()))).build()) {
      Set<String> out = new TreeSet<>();
      raw.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> out.add(o.key()));
      return out;
    }
  }

  @Test
  void sigtermDuringAnUploadExitsZeroAndNeverDeletesBeforeTheUploads(EmbeddedS3 s3) throws Exception {
    Path dir = plugins();
    String bucket = bucket(s3);
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    try (FaultProxy proxy = FaultProxy.continuing(s3.endpoint())) {
      Process p = cli(s3).start(out, err, "sync", dir.toString(), "s3://" + bucket + "/p",
          "--delete", "--watch", "--json", "--endpoint-url", proxy.endpoint().toString());
      await("the initial sync", p, err, () -> printed(out, "notice"));
      assertThat(lines(out).get(0).path("event").asText()).isEqualTo("initial");
      assertThat(keys(s3, bucket)).hasSize(5);

      proxy.delay("PUT", 10_000); // far longer than the watch waits for a batch in flight (3 s)
      long puts = proxy.requests("PUT");
      Files.move(dir.resolve("old"), dir.resolve("new")); // 4 uploads, then 4 deletes
      await("an upload in flight", p, err, () -> proxy.requests("PUT") > puts);
      long stop = System.nanoTime();
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited").isTrue();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop);

      assertThat(p.exitValue()).as(Files.readString(err)).isZero();
      assertThat(millis).as("ms from SIGTERM to exit").isLessThan(8_000);
      Set<String> keys = keys(s3, bucket);
      assertThat(keys).as("the uploads were abandoned, so no delete was made")
          .contains("p/old/m0.py", "p/old/m1.py", "p/old/m2.py", "p/old/m3.py", "p/keep.py");
      assertThat(lines(out)).as("every line is JSON").isNotEmpty();
      assertThat(Files.readString(err)).doesNotContain("Exception");
    }
  }

  @Test
  void aDryRunAndAStatusBesideAWatchStayCorrect(EmbeddedS3 s3) throws Exception {
    Path dir = plugins();
    String bucket = bucket(s3);
    String uri = "s3://" + bucket + "/builtins";
    String endpoint = s3.endpoint().toString();
    Files.copy(Path.of("..", "examples", "lab_deployment", "docker-compose.yml"),
        tmp.resolve("docker-compose.yml"));
    CliProcess cli = cli(s3);
    String[] configure = {"configure", "--compose", "docker-compose.yml", "--plugins",
        dir.toString(), "--s3-uri", uri, "--endpoint-url", endpoint};
    assertThat(cli.run(configure).exit()).isZero();

    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = cli.start(out, err, "sync", dir.toString(), uri, "--delete", "--watch", "--json",
        "--endpoint-url", endpoint);
    try {
      await("the initial sync", p, err, () -> printed(out, "notice"));
      Files.writeString(dir.resolve("keep.py"), "# edited while watched\n");
      Files.delete(dir.resolve("old/m0.py"));
      await("the batch", p, err, () -> printed(out, "changes"));
      await("the edit and the delete", p, err,
          () -> !keys(s3, bucket).contains("builtins/old/m0.py"));

      CliProcess.Result dry = cli.run("sync", "--dry-run", "--delete", "--json", dir.toString(), uri,
          "--endpoint-url", endpoint);
      assertThat(dry.exit()).as(dry.all()).isZero();
      JsonNode plan = JSON.readTree(dry.out());
      assertThat(plan.path("new")).isEmpty();
      assertThat(plan.path("changed")).isEmpty();
      assertThat(plan.path("delete")).isEmpty();
      assertThat(plan.path("unchanged").asInt()).isEqualTo(4);

      String[] status = configure.clone();
      status[0] = "status";
      CliProcess.Result st = cli.run(status);
      assertThat(st.exit()).as(st.all()).isZero();
      assertThat(st.out()).contains("matches").contains("(4 files)");

      write(dir, "after/status.py", "# the watch goes on\n");
      await("a change after the one-shot runs", p, err,
          () -> keys(s3, bucket).contains("builtins/after/status.py"));
    } finally {
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
    List<JsonNode> lines = lines(out);
    assertThat(lines.get(0).path("event").asText()).isEqualTo("initial");
    JsonNode batch = lines.stream().filter(n -> n.path("event").asText().equals("changes"))
        .findFirst().orElseThrow();
    assertThat(batch.path("latencyMs").isNumber()).isTrue();
    assertThat(batch.path("ok").asBoolean()).isTrue();
  }

  @Test
  void configureWatchConfiguresOnceThenKeepsEachCollectionMirrored(EmbeddedS3 s3) throws Exception {
    Path dir = plugins();
    Path custom = tmp.resolve("custom");
    write(custom, "custom/tasks.py", "# a second collection\n");
    String bucket = bucket(s3);
    Files.copy(Path.of("..", "examples", "lab_deployment", "docker-compose.yml"),
        tmp.resolve("docker-compose.yml"));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = cli(s3).start(out, err, "configure", "--compose", "docker-compose.yml",
        "--plugins", dir.toString(), "--s3-uri", "s3://" + bucket + "/builtins",
        "--plugins", custom.toString(), "--s3-uri", "s3://" + bucket + "/custom",
        "--var", "AI_CUSTOM_PLUGINS_S3_URI", "--endpoint-url", s3.endpoint().toString(),
        "--watch", "--json");
    try {
      await("both watches", p, err, () -> {
        try {
          return lines(out).stream().filter(n -> n.path("kind").asText().equals("watching")).count() == 2;
        } catch (IOException e) {
          return false;
        }
      });
      JsonNode configured = lines(out).get(0);
      assertThat(configured.path("result").path("ok").asBoolean()).as(configured.toString()).isTrue();
      assertThat(Files.readString(tmp.resolve("docker-compose.yml")))
          .contains("AI_PLUGINS_S3_URI: s3://" + bucket + "/builtins")
          .contains("AI_CUSTOM_PLUGINS_S3_URI: s3://" + bucket + "/custom");
      assertThat(keys(s3, bucket)).contains("builtins/keep.py", "custom/custom/tasks.py");

      write(dir, "new/edit.py", "# watched\n");
      write(custom, "custom/more.py", "# watched too\n");
      await("a change in each collection", p, err, () -> keys(s3, bucket)
          .containsAll(List.of("builtins/new/edit.py", "custom/custom/more.py")));
      assertThat(lines(out).stream().filter(n -> n.path("event").asText().equals("changes"))
          .map(n -> n.path("collection").asText()))
          .contains("s3://" + bucket + "/builtins/", "s3://" + bucket + "/custom/");
    } finally {
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
  }

  @Test
  void watchRefusesWhatItCannotDo() {
    CliRun dry = CliRun.of("sync", "--watch", "--dry-run", "a", "s3://b-ucket/p");
    assertThat(dry.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(dry.err()).contains("--watch cannot be combined with --dry-run");
    CliRun down = CliRun.of("sync", "--watch", "s3://b-ucket/p", "a");
    assertThat(down.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(down.err()).contains("--watch needs a local SRC and an s3:// DST");
    CliRun rescan = CliRun.of("sync", "--rescan", "5m", "a", "s3://b-ucket/p");
    assertThat(rescan.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(rescan.err()).contains("--rescan needs --watch");
    CliRun bad = CliRun.of("sync", "--watch", "--rescan", "soon", "a", "s3://b-ucket/p");
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("invalid --rescan 'soon'");
    CliRun check = CliRun.of("configure", "--watch", "--check", "--plugins", "a");
    assertThat(check.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(check.err()).contains("--watch cannot be combined with --dry-run or --check");
  }
}
