package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(EmbeddedS3Extension.class)
class BucketProvisionerTest {

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void createsAMissingBucketThenFindsItExisting(ChecksumMode mode, EmbeddedS3 s3) {
    try (S3Session session = S3TestSupport.session(s3, mode)) {
      String bucket = S3TestSupport.newBucket("mb");
      BucketPlan plan = BucketProvisioner.plan(session, bucket);
      assertThat(plan.action()).isEqualTo(BucketPlan.Action.CREATE);
      BucketProvisioner.apply(session, plan);

      assertThat(BucketProvisioner.plan(session, bucket).action()).isEqualTo(BucketPlan.Action.EXISTS);
      // applying a stale CREATE plan again is still success (BucketAlreadyOwnedByYou)
      BucketProvisioner.apply(session, plan);
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void anInvalidNameFailsBeforeAnyRequest(ChecksumMode mode) {
    // no server at all: the name check must come first
    S3Settings settings =
        S3Settings.builder().endpoint("http://127.0.0.1:1").checksumMode(mode).credentials("a", "b").build();
    try (S3Session session = S3Session.open(settings)) {
      assertThatThrownBy(() -> BucketProvisioner.plan(session, "Bad_Bucket"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("invalid bucket name 'Bad_Bucket'");
    }
  }

  @ParameterizedTest
  @EnumSource(ChecksumMode.class)
  void wrongCredentialsAreReportedAsSuch(ChecksumMode mode, EmbeddedS3 s3) {
    S3Settings settings =
        S3Settings.builder().endpoint(s3.endpoint()).checksumMode(mode).credentials(s3.accessKey(), "wrong").build();
    try (S3Session session = S3Session.open(settings)) {
      String bucket = S3TestSupport.newBucket("creds");
      assertThatThrownBy(() -> BucketProvisioner.plan(session, bucket))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(bucket)
          .hasMessageNotContaining("wrong");
    }
  }

  @Test
  void aServerThatIsNotRunningGivesAConnectionMessage() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    S3Settings settings =
        S3Settings.builder().endpoint("http://127.0.0.1:" + port).credentials("a", "b").resolve(Map.of());
    try (S3Session session = S3Session.open(settings)) {
      assertThatThrownBy(() -> BucketProvisioner.plan(session, "plugins"))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("could not connect to http://127.0.0.1:" + port)
          .hasMessageContaining("--endpoint-url");
    }
  }

  @Test
  void checkCredentialsResolvesStaticCredentialsWithoutARequest() {
    S3Settings settings = S3Settings.builder().endpoint("http://127.0.0.1:1").credentials("a", "b").build();
    try (S3Session session = S3Session.open(settings)) {
      session.checkCredentials();
    }
  }
}
