package io.testbed.plugins.s3.local;

import static io.testbed.plugins.testing.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning the plugin directory: filters, symlinks, odd names, and roots that are not dirs. */
class LocalTreeTest {
  @TempDir Path tmp;

  private static List<String> paths(LocalTree tree) {
    return tree.files().stream().map(LocalFile::path).toList();
  }


  @Test
  void defaultExcludesAndUserGlobs() throws Exception {
    Path root = tmp.resolve("p");
    write(root, "a.py", "a");
    write(root, "a.pyc", "x");
    write(root, "__pycache__/a.cpython-311.pyc", "x");
    write(root, ".git/HEAD", "x");
    write(root, "sub/.DS_Store", "x");
    write(root, "tests/test_a.py", "x");
    write(root, "docs/deep/readme.md", "x");
    write(root, "docs/keep.md", "x");

    assertThat(paths(LocalTree.scan(root, Filters.defaults())))
        .containsExactly("a.py", "docs/deep/readme.md", "docs/keep.md", "tests/test_a.py");
    Filters user = new Filters(List.of("tests/", "docs/**/*.md"), List.of("docs/keep.md"), true);
    assertThat(paths(LocalTree.scan(root, user))).containsExactly("a.py", "docs/keep.md");
    assertThat(paths(LocalTree.scan(root, Filters.none()))).hasSize(8);
  }

  @Test
  void symlinksInsideTheRootAreFollowedAndOnesLeavingItAreSkippedWithAWarning() throws Exception {
    Path root = tmp.resolve("p");
    write(root, "real/a.py", "a");
    Path outside = tmp.resolve("secret");
    write(outside, "key.txt", "secret");
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
    Files.createSymbolicLink(root.resolve("leak"), outside);
    Files.createSymbolicLink(root.resolve("leak.txt"), outside.resolve("key.txt"));
    Files.createSymbolicLink(root.resolve("dangling.py"), tmp.resolve("nowhere"));
    Files.createSymbolicLink(root.resolve("real/loop"), root);

    LocalTree tree = LocalTree.scan(root, Filters.defaults());

    assertThat(paths(tree)).containsExactly("alias/a.py", "real/a.py");
    assertThat(tree.warnings())
        .anySatisfy(w -> assertThat(w).contains("leak").contains("outside"))
        .anySatisfy(w -> assertThat(w).contains("leak.txt").contains("outside"))
        .anySatisfy(w -> assertThat(w).contains("dangling.py"))
        .anySatisfy(w -> assertThat(w).contains("loop"));
  }

  @Test
  void fileNamesThatAreNotUtf8AreSkippedWithAWarning() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("p"));
    write(root, "ok.py", "ok");
    Process touch =
        new ProcessBuilder("/bin/sh", "-c", "touch \"$1/bad$(printf '\\377').py\"", "sh", root.toString())
            .inheritIO()
            .start();
    assumeTrue(touch.waitFor() == 0, "needs /bin/sh");

    LocalTree tree = LocalTree.scan(root, Filters.defaults());

    assertThat(paths(tree)).containsExactly("ok.py");
    assertThat(tree.warnings()).singleElement().asString().contains("not valid UTF-8");
  }

  @Test
  void aRootThatIsAFileIsRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("plugins.py"), "x");
    assertThatThrownBy(() -> LocalTree.scan(file, Filters.defaults()))
        .isInstanceOf(LocalException.class)
        .hasMessageContaining("is a file, not a directory");
  }

  @Test
  void aMissingRootScansAsAbsent() {
    LocalTree tree = LocalTree.scan(tmp.resolve("missing"), Filters.defaults());
    assertThat(tree.exists()).isFalse();
    assertThat(tree.files()).isEmpty();
  }

  @Test
  void anUnreadableDirectoryIsAnErrorNotASilentSkip() throws Exception {
    Path root = tmp.resolve("p");
    write(root, "locked/a.py", "a");
    Path locked = root.resolve("locked");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      assumeTrue(!Files.isReadable(locked), "root can read anything");
      assertThatThrownBy(() -> LocalTree.scan(root, Filters.defaults()))
          .isInstanceOf(LocalException.class)
          .hasMessageContaining("locked")
          .hasMessageContaining("permission denied");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
