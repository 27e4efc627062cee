package io.testbed.plugins.s3;

import static io.testbed.plugins.s3.S3TestSupport.contents;
import static io.testbed.plugins.s3.S3TestSupport.createBucket;
import static io.testbed.plugins.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.FaultProxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retry budget: 10 retries with backoff and jitter outlast a flaky network, while a server that
 * is not there at all fails at once with a clear message.
 */
@ExtendWith(EmbeddedS3Extension.class)
class RetryBudgetTest {
  @TempDir Path tmp;

  @Test
  void nothingListeningFailsAtOnceWithAClearMessage() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path dir = tmp.resolve("plugins");
    write(dir, "mod.py", "x = 1\n");
    S3Settings settings =
        S3Settings.builder()
            .endpoint("http://127.0.0.1:" + port)
            .credentials("key", "secret")
            .build();
    long start = System.nanoTime();
    try (S3Session session = S3Session.open(settings)) {
      assertThatThrownBy(
              () -> Sync.plan(session, dir, S3Location.parse("s3://plugins/builtins"), SyncOptions.defaults()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("could not connect to http://127.0.0.1:" + port)
          .hasMessageContaining("connection refused")
          .hasMessageContaining("--endpoint-url");
    }
    // not the 10 retries' backoff (several seconds): the first refused connection decides
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  /**
   * A 300-file {@code sync --delete} through a proxy faulting 10% and then 20% of the requests,
   * several rounds each: every round converges in one run. {@code -Dsoak.rounds=N} (default 3).
   */
  @Test
  @Tag("slow")
  void aFlakyNetworkSoakConvergesInOneRunEveryRound(EmbeddedS3 s3) throws Exception {
    int rounds = Integer.getInteger("soak.rounds", 3);
    Path dir = tmp.resolve("soak");
    Map<String, String> tree = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      String rel = "pkg" + (i % 10) + "/mod" + i + ".py";
      tree.put(rel, ("# module " + i + "\n").repeat(50 + i % 97));
      write(dir, rel, tree.get(rel));
    }
    for (double rate : new double[] {0.10, 0.20}) {
      for (int round = 0; round < rounds; round++) {
        try (S3Session direct = S3TestSupport.session(s3, ChecksumMode.WHEN_REQUIRED);
            FaultProxy proxy = FaultProxy.start(s3.endpoint(), rate, 1000L * round + (long) (rate * 100))) {
          String bucket = createBucket(direct, "soak");
          S3Location to = S3Location.parse("s3://" + bucket + "/builtins");
          S3Settings faulty =
              S3Settings.builder()
                  .endpoint(proxy.endpoint())
                  .credentials(s3.accessKey(), s3.secretKey())
                  .build();
          SyncOptions options = SyncOptions.builder().delete(true).build();
          try (S3Session session = S3Session.open(faulty)) {
            SyncResult result = SyncExecutor.apply(session, Sync.plan(session, dir, to, options), SyncListener.NONE);
            System.err.printf("soak rate %.2f round %d: %d requests, %d faults, %s%n", rate, round,
                proxy.requests(), proxy.injectedTotal(), result.ok() ? "converged" : result.failures());
            assertThat(result.failures()).isEmpty();
          }
          Map<String, String> expected = new TreeMap<>();
          tree.forEach((k, v) -> expected.put("builtins/" + k, v));
          assertThat(contents(direct, bucket)).isEqualTo(expected);
        }
      }
    }
  }
}
