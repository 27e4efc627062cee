package io.testbed.plugins.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeWriterTest {
  static final String TEXT = "services:\n  tfcpu-01:\n    image: securing-ai/tensorflow2-cpu\n"
      + "    environment:\n      A: 1\n";
  static final Map<String, String> VARS = Map.of("AI_PLUGINS_S3_URI", "s3://plugins/x");

  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path p = dir.resolve("docker-compose.yml");
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
    return p;
  }

  private static ComposePlan plan(Path p, Map<String, String> vars) {
    return EnvEdit.plan(ComposeFile.read(p), List.of("tfcpu-01"), vars);
  }

  @Test
  void writesAtomicallyKeepingPermissionsAndMakesABackup() throws Exception {
    Path p = file(TEXT);
    ComposePlan plan = plan(p, VARS);
    ComposeWriter.Result r = ComposeWriter.write(plan, true);
    assertThat(r.written()).isTrue();
    assertThat(Files.readString(p)).isEqualTo(plan.newText());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-r-----");
    assertThat(r.backup()).contains(dir.resolve("docker-compose.yml.bak"));
    assertThat(Files.readString(dir.resolve("docker-compose.yml.bak"))).isEqualTo(TEXT);
    try (var s = Files.list(dir)) {
      assertThat(s.map(x -> x.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aSymlinkedFileIsEditedThroughTheLinkAndTheLinkKept() throws Exception {
    Path real = file(TEXT);
    Path link = Files.createDirectory(dir.resolve("deploy")).resolve("docker-compose.yml");
    Files.createSymbolicLink(link, real);
    ComposePlan plan = EnvEdit.plan(ComposeFile.read(link), List.of("tfcpu-01"), VARS);
    ComposeWriter.write(plan, false);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo(plan.newText());
  }

  @Test
  void aPlanWhoseEditsDoNotMatchItsTextIsNeverWritten() throws Exception {
    Path p = file(TEXT);
    ComposePlan plan = plan(p, VARS);
    ComposePlan forged = new ComposePlan(plan.file(), plan.newText() + "x: 1\n", plan.edits(),
        plan.changes(), plan.refusals());
    assertThatThrownBy(() -> ComposeWriter.write(forged, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readString(p)).isEqualTo(TEXT);
  }

  @Test
  void aSecondRunPlansNothingAndLeavesTheFileUntouched() throws Exception {
    Path p = file(TEXT);
    ComposeWriter.write(plan(p, VARS), false);
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(p, old);
    ComposePlan again = plan(p, VARS);
    assertThat(again.changed()).isFalse();
    assertThat(ComposeWriter.write(again, true).written()).isFalse();
    assertThat(Files.getLastModifiedTime(p)).isEqualTo(old);
    assertThat(Files.exists(dir.resolve("docker-compose.yml.bak"))).isFalse();
  }

  @Test
  void refusesWhenTheFileChangedOnDiskAfterItWasRead() throws Exception {
    Path p = file(TEXT);
    ComposePlan plan = plan(p, VARS);
    Files.writeString(p, TEXT + "# edited meanwhile\n");
    assertThatThrownBy(() -> ComposeWriter.write(plan, false))
        .isInstanceOfSatisfying(ComposeException.class,
            e -> assertThat(e.kind()).isEqualTo(ComposeException.Kind.CONFLICT))
        .hasMessageContaining("changed on disk after it was read");
    assertThat(Files.readString(p)).isEqualTo(TEXT + "# edited meanwhile\n");
  }

  @Test
  void refusesWhileAnotherProcessHoldsTheLock() throws Exception {
    Path p = file(TEXT);
    ComposePlan plan = plan(p, VARS);
    try (FileChannel ch = FileChannel.open(dir.resolve(".docker-compose.yml.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      assertThatThrownBy(() -> ComposeWriter.write(plan, false))
          .isInstanceOf(ComposeException.class)
          .hasMessageContaining("another process is editing this file");
    }
    assertThat(Files.readString(p)).isEqualTo(TEXT);
  }

  @Test
  void concurrentWritersNeverLoseAnUpdate() throws Exception {
    int writers = 8;
    for (int round = 0; round < 20; round++) {
      Path p = file(TEXT);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String name = "VAR_" + i;
        results.add(pool.submit(() -> {
          start.await();
          // Re-read and retry on conflict, as the CLI does (for as long as a loaded machine needs).
          long deadline = System.nanoTime() + 60_000_000_000L;
          while (System.nanoTime() < deadline) {
            try {
              ComposeWriter.write(plan(p, Map.of(name, "v")), false);
              return true;
            } catch (ComposeException e) {
              assertThat(e.kind()).isEqualTo(ComposeException.Kind.CONFLICT);
              Thread.sleep(1);
            }
          }
          return false;
        }));
      }
      start.countDown();
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
      pool.shutdown();
      ComposeFile done = ComposeFile.read(p);
      for (int i = 0; i < writers; i++) {
        assertThat(done.envValue("tfcpu-01", "VAR_" + i)).as("round " + round).contains("v");
      }
    }
  }
}
