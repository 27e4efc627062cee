package io.testbed.plugins.s3.watch;

import static io.testbed.plugins.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link Watch} through a {@link FaultProxy}: an outage is waited out and nothing is lost. */
@ExtendWith(EmbeddedS3Extension.class)
class WatchFaultTest {
  @TempDir Path tmp;

  @Test
  void changesMadeDuringAnOutageAreSentWhenS3AnswersAgain(EmbeddedS3 s3) throws Exception {
    Path src = tmp.resolve("src");
    WatchHarness.plant(src);
    try (FaultProxy proxy = FaultProxy.failing(s3.endpoint())) {
      proxy.faultRate(0);
      outage(proxy, new WatchHarness(s3, proxy.endpoint(), src), src);
    }
  }

  private static void outage(FaultProxy proxy, WatchHarness harness, Path src) throws Exception {
    try (WatchHarness h = harness) {
      h.start();
      h.awaitMirror("the initial sync");

      proxy.faultRate(1); // every request answered with a 500, whatever the retries
      write(src, "attacks/during.py", "# written while S3 is down\n");
      h.await("the waiting notice", () -> h.noticed(WatchNotice.Kind.WAITING_FOR_S3));
      assertThat(h.notices.stream().filter(n -> n.kind() == WatchNotice.Kind.WAITING_FOR_S3)
          .findFirst().orElseThrow().message()).startsWith("waiting for S3 (").contains("500");
      write(src, "evaluation/later.py", "# also during the outage\n");
      Files.delete(src.resolve("attacks/fgm.py"));
      Files.writeString(src.resolve("attacks/deep/pgd.py"), "# edited during the outage\n");
      assertThat(h.bucketMd5s()).containsKey("attacks/fgm.py").doesNotContainKey("evaluation/later.py");

      proxy.faultRate(0);
      h.await("S3's return", () -> h.noticed(WatchNotice.Kind.S3_BACK));
      h.awaitMirror("the changes made during the outage");
      assertThat(h.notices.stream().filter(n -> n.kind() == WatchNotice.Kind.WAITING_FOR_S3))
          .as("said once, not per request").hasSize(1);
      // the batch is reported once its requests are done, a moment after the bucket matches
      h.await("the re-plan's report", () -> h.count(WatchBatch.Kind.RECONCILE) > 0);

      write(src, "attacks/after.py", "# and the watch goes on\n");
      h.awaitMirror("a change after the outage");
    }
  }

  @Test
  void credentialsThatExpireWhileWatchingEndTheWatchWithAClearError(EmbeddedS3 s3)
      throws Exception {
    Path src = tmp.resolve("src");
    WatchHarness.plant(src);
    try (FaultProxy proxy = FaultProxy.continuing(s3.endpoint())) {
      try (WatchHarness h = new WatchHarness(s3, proxy.endpoint(), src).start()) {
        h.awaitMirror("the initial sync");
        proxy.refuseCredentials(true);
        write(src, "attacks/refused.py", "# cannot be sent\n");
        long deadline = System.nanoTime() + WatchHarness.DEADLINE.toNanos();
        while (h.failures.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(h.failures).singleElement()
            .isInstanceOf(io.testbed.plugins.s3.StorageException.class)
            .extracting(Throwable::getMessage).asString()
            .contains("ExpiredToken").contains("the watch stops");
        assertThat(h.watch.awaitEnd(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(h.noticed(WatchNotice.Kind.WAITING_FOR_S3)).isFalse();
      }
    }
  }
}
