package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.s3.local.LocalFile;
import io.testbed.plugins.s3.local.LocalTree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner on listings built in memory: no I/O. */
class SyncPlannerTest {
  private static final S3Location LOC = S3Location.parse("s3://plugins/builtins");
  private static final Path ROOT = Path.of("/plugins");
  private static final String MD5_A = "0cc175b9c0f1b6a831c399e269772661";
  private static final String MD5_B = "92eb5ffee6ae2fec3ad71c777531578f";

  private static LocalFile local(String path, long size, long mtime, String md5) {
    return new LocalFile(path, size, mtime, md5);
  }

  private static RemoteObject remote(String path, long size, long mtime, String etag) {
    return new RemoteObject(path, size, mtime, "\"" + etag + "\"", null);
  }

  private static SyncPlan plan(List<LocalFile> l, List<RemoteObject> r, SyncOptions o) {
    return SyncPlanner.plan(LocalTree.of(ROOT, l), RemoteTree.of(LOC, r), o);
  }

  private static final SyncOptions DELETE = SyncOptions.builder().delete(true).build();

  @Test
  void mergesSortedListingsIntoNewChangedDeleteAndUnchanged() {
    SyncPlan plan =
        plan(
            List.of(
                local("a.py", 1, 0, MD5_A),
                local("c.py", 1, 0, MD5_A),
                local("d.py", 2, 0, MD5_A)),
            List.of(
                remote("b.py", 1, 0, MD5_A),
                remote("c.py", 1, 0, MD5_A),
                remote("d.py", 1, 0, MD5_A)),
            DELETE);

    assertThat(plan.added()).extracting(SyncEntry::path).containsExactly("a.py");
    assertThat(plan.changed()).extracting(SyncEntry::path).containsExactly("d.py");
    assertThat(plan.deletes()).extracting(SyncEntry::path).containsExactly("b.py");
    assertThat(plan.unchanged()).extracting(SyncEntry::path).containsExactly("c.py");
    assertThat(plan.transferBytes()).isEqualTo(3);
    assertThat(plan.uploads()).isEqualTo(plan.transfers());
  }

  @Test
  void withoutDeleteDestinationOnlyFilesStay() {
    SyncPlan plan = plan(List.of(), List.of(remote("b.py", 1, 0, MD5_A)), SyncOptions.defaults());
    assertThat(plan.deletes()).isEmpty();
    assertThat(plan.hasChanges()).isFalse();
  }

  @Test
  void checksumCatchesSameSizeEditWithOlderMtime() {
    List<LocalFile> l = List.of(local("a.py", 1, 1_000, MD5_B));
    List<RemoteObject> r = List.of(remote("a.py", 1, 5_000, MD5_A));

    assertThat(plan(l, r, DELETE).changed()).hasSize(1);
    assertThat(plan(l, r, SyncOptions.builder().compare(CompareMode.SIZE_MTIME).build()).changed())
        .as("aws s3 sync's rule misses it")
        .isEmpty();
    assertThat(plan(l, r, SyncOptions.builder().compare(CompareMode.SIZE).build()).changed())
        .isEmpty();
  }

  @Test
  void sizeMtimeUploadsWhenTheFileIsNewer() {
    SyncPlan plan =
        plan(
            List.of(local("a.py", 1, 9_000, null)),
            List.of(remote("a.py", 1, 5_000, MD5_A)),
            SyncOptions.builder().compare(CompareMode.SIZE_MTIME).build());
    assertThat(plan.changed()).hasSize(1);
  }

  @Test
  void multipartEtagIsSettledByTheStoredChecksumOrCountsAsChanged() {
    List<LocalFile> l = List.of(local("big.bin", 10, 0, MD5_A));
    RemoteObject multipart = remote("big.bin", 10, 0, "d41d8cd98f00b204e9800998ecf8427e-3");

    assertThat(plan(l, List.of(multipart), DELETE).changed()).hasSize(1);
    assertThat(plan(l, List.of(multipart.withStoredMd5(MD5_A)), DELETE).unchanged()).hasSize(1);
    assertThat(plan(l, List.of(multipart.withStoredMd5(MD5_B)), DELETE).changed()).hasSize(1);
  }

  @Test
  void aKmsStyleEtagIsOverriddenByTheStoredChecksum() {
    RemoteObject kms = remote("a.py", 1, 0, MD5_B).withStoredMd5(MD5_A);
    assertThat(plan(List.of(local("a.py", 1, 0, MD5_A)), List.of(kms), DELETE).unchanged())
        .hasSize(1);
  }

  @Test
  void emptySourceWithDeleteIsRefusedUnlessForced() {
    List<RemoteObject> r = List.of(remote("a.py", 1, 0, MD5_A));
    assertThatThrownBy(() -> plan(List.of(), r, DELETE))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("has no files")
        .hasMessageContaining("--force-empty-source");

    SyncOptions forced = SyncOptions.builder().delete(true).forceEmptySource(true).build();
    assertThat(plan(List.of(), r, forced).deletes()).hasSize(1);
  }

  @Test
  void missingSourceIsRefusedWithOrWithoutDelete() {
    LocalTree missing = new LocalTree(ROOT, false, List.of(), List.of());
    RemoteTree r = RemoteTree.of(LOC, List.of(remote("a.py", 1, 0, MD5_A)));
    assertThatThrownBy(() -> SyncPlanner.plan(missing, r, DELETE))
        .hasMessageContaining("does not exist")
        .hasMessageContaining("--force-empty-source");
    assertThatThrownBy(() -> SyncPlanner.plan(missing, r, SyncOptions.defaults()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void excludedFilesAreNeitherTransferredNorDeleted() {
    SyncPlan plan =
        plan(
            List.of(local("a.py", 1, 0, MD5_A), local("x/__pycache__/a.pyc", 1, 0, MD5_A)),
            List.of(remote("old.pyc", 1, 0, MD5_A), remote("stale.py", 1, 0, MD5_A)),
            DELETE);
    assertThat(plan.transfers()).extracting(SyncEntry::path).containsExactly("a.py");
    assertThat(plan.deletes()).extracting(SyncEntry::path).containsExactly("stale.py");
  }

  @Test
  void maxDeleteIsCheckedAgainstThePlan() {
    List<RemoteObject> r =
        List.of(remote("a", 1, 0, MD5_A), remote("b", 1, 0, MD5_A), remote("c", 1, 0, MD5_A));
    List<LocalFile> l = List.of(local("z", 1, 0, MD5_A));
    assertThatThrownBy(() -> plan(l, r, SyncOptions.builder().delete(true).maxDelete(2).build()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("would delete 3 files")
        .hasMessageContaining("nothing was changed");
    assertThat(plan(l, r, SyncOptions.builder().delete(true).maxDelete(3).build()).deletes())
        .hasSize(3);
  }

  @Test
  void downloadDirectionComparesTheSameWay() {
    SyncPlan plan =
        SyncPlanner.plan(
            RemoteTree.of(LOC, List.of(remote("a.py", 1, 0, MD5_A), remote("b.py", 1, 0, MD5_A))),
            LocalTree.of(ROOT, List.of(local("a.py", 1, 0, MD5_A), local("c.py", 1, 0, MD5_B))),
            DELETE);
    assertThat(plan.direction()).isEqualTo(SyncPlan.Direction.DOWNLOAD);
    assertThat(plan.added()).extracting(SyncEntry::path).containsExactly("b.py");
    assertThat(plan.unchanged()).extracting(SyncEntry::path).containsExactly("a.py");
    assertThat(plan.deletes()).extracting(SyncEntry::path).containsExactly("c.py");
  }

  @Test
  void downloadFromAMissingBucketIsRefused() {
    RemoteTree missing = new RemoteTree(LOC, false, List.of());
    assertThatThrownBy(() -> SyncPlanner.plan(missing, LocalTree.of(ROOT, List.of()), DELETE))
        .hasMessageContaining("bucket 'plugins' does not exist");
  }
}
