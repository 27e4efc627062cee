package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Listing: ranged parallel listing returns exactly what one sequential listing returns. */
@ExtendWith(EmbeddedS3Extension.class)
class RemoteTreeTest {
  @TempDir Path tmp;

  @Test
  void rangedListingEqualsSequentialListingWhateverTheHints(EmbeddedS3 s3) throws Exception {
    try (S3Session session = S3TestSupport.session(s3, ChecksumMode.WHEN_REQUIRED)) {
      String bucket = S3TestSupport.createBucket(session, "ranges");
      Path dir = Files.createDirectories(tmp.resolve("many"));
      for (int i = 0; i < 2600; i++) {
        Path p = dir.resolve("d" + (i % 7) + "/f" + i + ".py");
        Files.createDirectories(p.getParent());
        Files.writeString(p, Integer.toString(i));
      }
      S3Location loc = S3Location.parse("s3://" + bucket + "/many");
      SyncExecutor.apply(session, Sync.plan(session, dir, loc, SyncOptions.defaults()), SyncListener.NONE);
      S3TestSupport.putRaw(session, bucket, "many-sibling/x.py", "outside the prefix");
      S3TestSupport.putRaw(session, bucket, "many/zzz-only-remote.py", "z");

      RemoteTree sequential = RemoteTree.list(session, loc);
      assertThat(sequential.objects()).hasSize(2601);

      List<String> hints = new ArrayList<>();
      for (int i = 0; i < 5000; i += 2) {
        hints.add("d" + (i % 5) + "/g" + i + ".py"); // not the remote keys at all
      }
      hints.sort(String::compareTo);
      assertThat(RemoteTree.bounds(loc, hints)).hasSizeGreaterThan(1);
      RemoteTree ranged = RemoteTree.list(session, loc, hints);
      assertThat(ranged.objects()).isEqualTo(sequential.objects());
    }
  }

  @Test
  void rangesFollowUtf8ByteOrderLikeS3() {
    String bmp = "\uFFFD"; // U+FFFD: 3 UTF-8 bytes, sorts after U+1F600 in UTF-16 order
    String astral = "\uD83D\uDE00"; // U+1F600: 4 UTF-8 bytes starting 0xF0
    assertThat(bmp.compareTo(astral)).isPositive();
    assertThat(RemoteTree.compareUtf8(bmp, astral)).isNegative();
  }
}
