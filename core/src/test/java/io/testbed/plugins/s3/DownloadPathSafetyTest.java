package io.testbed.plugins.s3;

import static io.testbed.plugins.s3.S3TestSupport.createBucket;
import static io.testbed.plugins.s3.S3TestSupport.putRaw;
import static io.testbed.plugins.s3.S3TestSupport.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.testing.EmbeddedS3;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * Keys that cannot become files under the download root are refused before anything is written.
 * Uses the in-memory store, which (unlike the filesystem one) accepts such keys. S3Proxy's HTTP
 * layer itself rejects keys with {@code ..} segments, so those are checked on in-memory listings.
 */
class DownloadPathSafetyTest {
  private static EmbeddedS3 s3;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    s3 = EmbeddedS3.startInMemory();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  static Stream<Arguments> unsafeKeys() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (ChecksumMode mode : ChecksumMode.values()) {
      b.add(Arguments.of(mode, "builtins/dir\\..\\..\\evil.py", "backslash"));
      b.add(Arguments.of(mode, "builtins/" + "x".repeat(300) + ".py", "longer than 255 bytes"));
    }
    return b.build();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "../../evil.py | contains '..' and would escape the destination",
        "a/../../../evil.py | contains '..' and would escape the destination",
        "/etc/passwd | is an absolute path",
        "a//b.py | empty or '.' path segment",
        "./a.py | empty or '.' path segment",
        "C:/x.py | drive letter",
      })
  void unsafeKeyInAListingIsRefusedBeforeAnyRequest(String path, String reason) {
    S3Location loc = S3Location.parse("s3://plugins/builtins");
    RemoteTree remote =
        RemoteTree.of(
            loc,
            java.util.List.of(
                new RemoteObject("ok.py", 2, 0, "", null), new RemoteObject(path, 4, 0, "", null)));
    assertThatThrownBy(() -> Sync.checkKeys(remote))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("builtins/" + path)
        .hasMessageContaining(reason)
        .hasMessageContaining("nothing was written");
  }

  @org.junit.jupiter.api.Test
  void nulInAKeyIsRefused() {
    assertThat(KeySafety.problem("a" + (char) 0 + "b")).contains("NUL");
  }

  @ParameterizedTest
  @MethodSource("unsafeKeys")
  void unsafeKeyIsRefusedAndNothingIsWritten(ChecksumMode mode, String key, String reason)
      throws Exception {
    try (S3Session session = session(s3, mode)) {
      String bucket = createBucket(session, "unsafe");
      putRaw(session, bucket, "builtins/ok.py", "ok");
      putRaw(session, bucket, key, "evil");
      Path dest = tmp.resolve("worker/plugins");

      assertThatThrownBy(
              () ->
                  Sync.plan(
                      session,
                      S3Location.parse("s3://" + bucket + "/builtins"),
                      dest,
                      SyncOptions.builder().delete(true).build()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(reason)
          .hasMessageContaining("nothing was written");
      assertThat(tmp.resolve("worker")).doesNotExist();
      assertThat(tmp.resolve("evil.py")).doesNotExist();
    }
  }
}
