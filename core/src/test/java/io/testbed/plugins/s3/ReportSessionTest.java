package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import io.testbed.plugins.testing.FaultProxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server that accepts connections and does not answer them: a session gives up in seconds, with
 * the reason, where each request would otherwise wait 60 s, on each of eleven attempts.
 */
@ExtendWith(EmbeddedS3Extension.class)
class ReportSessionTest {
  @Test
  void aServerThatAcceptsAndNeverAnswersFailsTheFirstRequestInTheProbesTime() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
      S3Settings settings = S3Settings.builder()
          .endpoint("http://127.0.0.1:" + silent.getLocalPort())
          .credentials("key", "secret")
          .build();
      long start = System.nanoTime();
      try (S3Session session = S3Session.open(settings)) {
        assertThatThrownBy(() -> RemoteTree.list(session, S3Location.parse("s3://plugins/x")))
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("could not connect to http://127.0.0.1:" + silent.getLocalPort()
                + ": the connection opened, but no answer came in 5.0 s; is the S3 server (MinIO)"
                + " running, and not paused?");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void aReportsCallEndsInTenSecondsWhenTheServerStopsAnswering(EmbeddedS3 s3) throws Exception {
    try (S3Session direct = S3TestSupport.session(s3, ChecksumMode.WHEN_SUPPORTED);
        FaultProxy proxy = FaultProxy.start(s3.endpoint(), 0, 0)) {
      String bucket = S3TestSupport.createBucket(direct, "report");
      S3Settings settings = S3Settings.builder()
          .endpoint(proxy.endpoint())
          .credentials(s3.accessKey(), s3.secretKey())
          .build();
      // the probe and the bucket's HEAD are answered; every listing is held for ten minutes
      proxy.delay("GET", 600_000);
      long start = System.nanoTime();
      try (S3Session session = S3Session.openForReport(settings, Duration.ofSeconds(2))) {
        assertThatThrownBy(() -> RemoteTree.list(session, S3Location.parse("s3://" + bucket + "/x")))
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("no answer from " + proxy.endpoint() + " in 10 s; is the S3"
                + " server (MinIO) running, and not paused?");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
      assertThat(proxy.requests("HEAD")).isPositive();
    }
  }
}
