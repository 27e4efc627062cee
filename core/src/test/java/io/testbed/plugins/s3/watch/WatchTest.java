package io.testbed.plugins.s3.watch;

import static io.testbed.plugins.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.s3.SyncOptions;
import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Watch} against S3Proxy, one kind of change per test: after each, the bucket holds exactly
 * the local tree (by content), and what must stay local (caches, swap files) never reaches it.
 */
@ExtendWith(EmbeddedS3Extension.class)
class WatchTest {
  @TempDir Path tmp;

  private WatchHarness watching(EmbeddedS3 s3) throws Exception {
    Path src = tmp.resolve("src");
    WatchHarness.plant(src);
    WatchHarness h = new WatchHarness(s3, s3.endpoint(), src).start();
    h.awaitMirror("the initial sync");
    assertThat(h.bucketMd5s()).hasSize(5).doesNotContainKeys(
        "attacks/.fgm.py.swp", "attacks/__pycache__/fgm.cpython-311.pyc");
    return h;
  }

  @Test
  void anEditInPlaceIsSent(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      Map<String, String> before = h.bucketMd5s();
      Files.writeString(h.src.resolve("attacks/fgm.py"), "# tuned\n", java.nio.file.StandardOpenOption.APPEND);
      h.awaitMirror("the edit");
      assertThat(h.bucketMd5s().get("attacks/fgm.py")).isNotEqualTo(before.get("attacks/fgm.py"));
      assertThat(h.count(WatchBatch.Kind.CHANGES)).isPositive();
      assertThat(h.batches.get(h.batches.size() - 1).latency()).isNotNull();
    }
  }

  @Test
  void aSameSizeEditIsSent(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      Path f = h.src.resolve("evaluation/metrics.py");
      String old = Files.readString(f);
      Files.writeString(f, old.toUpperCase(java.util.Locale.ROOT)); // same size, other content
      h.awaitMirror("the same-size edit");
    }
  }

  @Test
  void aCreateAndADeleteAreSent(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      write(h.src, "attacks/new.py", "new\n");
      h.awaitMirror("the create");
      assertThat(h.bucketMd5s()).containsKey("attacks/new.py");
      Files.delete(h.src.resolve("evaluation/metrics.py"));
      h.awaitMirror("the delete");
      assertThat(h.bucketMd5s()).doesNotContainKey("evaluation/metrics.py");
    }
  }

  @Test
  void aFileRenameMovesTheObject(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      Files.move(h.src.resolve("attacks/fgm.py"), h.src.resolve("attacks/fgsm.py"));
      h.awaitMirror("the rename");
      assertThat(h.bucketMd5s()).containsKey("attacks/fgsm.py").doesNotContainKey("attacks/fgm.py");
    }
  }

  @Test
  void aDirectoryRenameMovesEveryObjectBeneathIt(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      Files.move(h.src.resolve("attacks"), h.src.resolve("adversarial"));
      h.awaitMirror("the directory rename");
      assertThat(h.bucketMd5s().keySet()).contains("adversarial/deep/pgd.py", "adversarial/fgm.py")
          .noneMatch(k -> k.startsWith("attacks/"));
      write(h.src, "adversarial/deep/later.py", "watched under its new name\n");
      h.awaitMirror("a file in the renamed directory");
    }
  }

  @Test
  void aNewDirectoryIsWatchedFromThenOn(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      Files.createDirectories(h.src.resolve("defenses/a/b"));
      write(h.src, "defenses/a/b/first.py", "landed with the directory\n");
      h.awaitMirror("the new directory's first file");
      write(h.src, "defenses/a/b/second.py", "landed later\n");
      write(h.src, "defenses/a/third.py", "and here\n");
      h.awaitMirror("files created later in the new directory");
      assertThat(h.bucketMd5s()).containsKeys("defenses/a/b/second.py", "defenses/a/third.py");
    }
  }

  @Test
  void anAtomicSaveIsSent(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      Path target = h.src.resolve("evaluation/metrics.py");
      Path temp = h.src.resolve("evaluation/.metrics.py.tmp~");
      Files.writeString(temp, "# saved the way editors save\n");
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      h.awaitMirror("the atomic save");
      assertThat(h.bucketMd5s()).doesNotContainKey("evaluation/.metrics.py.tmp~");
    }
  }

  @Test
  void swapFilesAndCachesStayLocal(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      write(h.src, "evaluation/.metrics.py.swp", "vim");
      write(h.src, "evaluation/__pycache__/metrics.cpython-311.pyc", "bytecode");
      write(h.src, "evaluation/marker.py", "after the others\n");
      h.awaitMirror("the marker");
      assertThat(h.bucketMd5s().keySet()).noneMatch(k -> k.contains(".swp") || k.contains("__pycache__"));
    }
  }

  @Test
  void aBurstOf500FilesIsCoalescedIntoAFewBatches(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      for (int i = 0; i < 500; i++) {
        write(h.src, "generated/pkg" + (i % 10) + "/m" + i + ".py", "# " + i + "\n");
      }
      h.awaitMirror("the burst");
      assertThat(h.bucketMd5s()).hasSize(505);
      long batches = h.count(WatchBatch.Kind.CHANGES);
      assertThat(batches).as("batches for 500 files").isBetween(1L, 10L);
    }
  }

  @Test
  void anOverflowIsFollowedByAFullReplanThatCatchesWhatEventsMissed(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      h.putRaw("stray.py", "not in the source"); // no event can show these two
      h.deleteRaw("attacks/fgm.py");
      h.watch.events().injectOverflow();
      h.awaitMirror("the re-plan after the overflow");
      // the batch is reported once its requests are done, a moment after the bucket matches
      h.await("the re-plan's report", () -> h.count(WatchBatch.Kind.RECONCILE) > 0);
    }
  }

  @Test
  void theRescanIntervalCatchesRemoteDrift(EmbeddedS3 s3) throws Exception {
    Path src = tmp.resolve("src");
    WatchHarness.plant(src);
    try (WatchHarness h = new WatchHarness(s3, s3.endpoint(), src)) {
      h.start(SyncOptions.builder().delete(true).build(),
          WatchOptions.defaults().withRescan(java.time.Duration.ofSeconds(1)));
      h.awaitMirror("the initial sync");
      h.deleteRaw("attacks/deep/pgd.py");
      h.awaitMirror("the rescan");
      assertThat(h.count(WatchBatch.Kind.RESCAN)).isPositive();
    }
  }

  @Test
  void aDeletedSourceNeverEmptiesTheBucket(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      Map<String, String> before = h.bucketMd5s();
      try (var walk = Files.walk(h.src)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      h.await("the source-missing notice", () -> h.noticed(WatchNotice.Kind.SOURCE_MISSING));
      assertThat(h.bucketMd5s()).isEqualTo(before);
      write(h.src, "attacks/fgm.py", "# a fresh checkout\n");
      h.await("the source's return", () -> h.noticed(WatchNotice.Kind.SOURCE_BACK));
      h.awaitMirror("the re-plan of the new source");
    }
  }

  @Test
  void anEmptiedSourceNeverEmptiesTheBucket(EmbeddedS3 s3) throws Exception {
    try (WatchHarness h = watching(s3)) {
      Map<String, String> before = h.bucketMd5s();
      for (String rel : before.keySet()) {
        Files.delete(h.src.resolve(rel));
      }
      h.await("the source-empty notice", () -> h.noticed(WatchNotice.Kind.SOURCE_EMPTY));
      assertThat(h.bucketMd5s()).isEqualTo(before);
      write(h.src, "evaluation/back.py", "# one file again\n");
      h.awaitMirror("the mirror of the refilled source");
    }
  }

  @Test
  void pollingKeepsTheMirrorWithoutEvents(EmbeddedS3 s3) throws Exception {
    Path src = tmp.resolve("src");
    WatchHarness.plant(src);
    try (WatchHarness h = new WatchHarness(s3, s3.endpoint(), src)) {
      h.start(SyncOptions.builder().delete(true).build(), WatchOptions.defaults().withPolling(true));
      assertThat(h.noticed(WatchNotice.Kind.POLLING)).isTrue();
      h.awaitMirror("the initial sync");
      write(h.src, "attacks/polled.py", "seen by a poll\n");
      Files.delete(h.src.resolve("attacks/fgm.py"));
      h.awaitMirror("the poll");
      assertThat(h.count(WatchBatch.Kind.POLL)).isPositive();
    }
  }
}
