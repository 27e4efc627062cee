package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
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

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static String owner(Path p) throws Exception {
    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
    return a.owner().getName() + ":" + a.group().getName() + " "
        + PosixFilePermissions.toString(a.permissions());
  }

  @Test
  void keepsTheOwnerGroupAndModeOfTheFileAndGivesThemToTheBackup() throws Exception {
    assumeTrue(root(), "only root can give a file to another user");
    Path p = file(TEXT);
    Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(p.getFileSystem()
        .getUserPrincipalLookupService().lookupPrincipalByGroupName("nogroup"));
    ComposeWriter.Result r = ComposeWriter.write(plan(p, VARS), true);
    assertThat(r.written()).isTrue();
    assertThat(r.warnings()).isEmpty();
    assertThat(owner(p)).isEqualTo("nobody:nogroup rw-r-----");
    assertThat(owner(r.backup().orElseThrow())).isEqualTo("nobody:nogroup rw-r-----");
    assertThat(owner(dir.resolve(".docker-compose.yml.lock"))).as("so nobody can still lock it")
        .isEqualTo("nobody:nogroup rw-r-----");
  }

  @Test
  void aWriterThatCannotKeepTheOwnerWarnsNamingTheFileTheOldOwnerAndTheNewOne() throws Exception {
    assumeTrue(root(), "needs root to run the writer as nobody");
    // The writer runs as nobody, on a root-owned file it may write: it cannot give the new file back.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path p = file(TEXT);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-rw-"));
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.contains("snakeyaml-engine")) { // the local repository is root's alone
        Path copy = dir.resolve(Path.of(entry).getFileName());
        Files.copy(Path.of(entry), copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        classPath.add(copy.toString());
      } else if (Files.isDirectory(Path.of(entry))) {
        classPath.add(entry);
      }
    }
    Process proc = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup",
        "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(java.io.File.pathSeparator, classPath),
        WriteAsProcess.class.getName(), p.toString()).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor()).as(out).isZero();
    Path bak = dir.resolve("docker-compose.yml.bak");
    assertThat(out.lines().toList()).containsExactlyInAnyOrder(
        bak + ": could not keep its owner root:root; it now belongs to nobody:nogroup (Operation"
            + " not permitted); restore it as root with: chown root:root " + bak,
        p + ": could not keep its owner root:root; it now belongs to nobody:nogroup (Operation"
            + " not permitted); restore it as root with: chown root:root " + p);
    assertThat(owner(p)).isEqualTo("nobody:nogroup rw-rw-rw-");
    assertThat(Files.readString(p)).contains("X: \"1\"");
  }

  @Test
  void tempFilesOfDeadProcessesAreRemovedOnceTheLockIsHeldAndOthersAreKept() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long dead = gone.pid();
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    Path p = file(TEXT);
    List<String> stale = List.of(".docker-compose.yml." + dead + ".4711.tmp",
        ".docker-compose.yml.bak." + dead + ".12.tmp");
    List<String> kept = List.of(".docker-compose.yml." + live + ".4711.tmp",
        ".docker-compose.yml.123.tmp", ".docker-compose.yml.x" + dead + ".1.tmp",
        ".other.yml." + dead + ".1.tmp", "docker-compose.yml." + dead + ".1.tmp");
    for (String n : concat(stale, kept)) {
      Files.writeString(dir.resolve(n), "partial");
    }
    ComposeWriter.Result r = ComposeWriter.write(plan(p, VARS), false);
    try (var s = Files.list(dir)) {
      assertThat(s.map(x -> x.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
          concat(kept, List.of("docker-compose.yml", ".docker-compose.yml.lock")));
    }
    assertThat(r.warnings()).containsExactlyInAnyOrder(
        "removed " + dir.resolve(stale.get(0)) + ", left behind by an interrupted run (process "
            + dead + ")",
        "removed " + dir.resolve(stale.get(1)) + ", left behind by an interrupted run (process "
            + dead + ")");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
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
