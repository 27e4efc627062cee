package io.testbed.plugins.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-world compose files of {@code shared/corpus/compose} (beside the checkout, or where
 * {@code -Dtestbed.shared.dir} says), as its {@code MANIFEST.tsv} lists them. A test that uses it
 * is skipped when the corpus is not there.
 */
public final class Corpus {
  private Corpus() {}

  /** The corpus directory. */
  public static Path dir() {
    Path dir = Path.of(System.getProperty("testbed.shared.dir", "../../shared"), "corpus", "compose");
    assumeTrue(Files.isDirectory(dir), "corpus not present: " + dir);
    return dir;
  }

  /** Every compose file of the manifest, relative to {@link #dir()}, in manifest order. */
  public static List<String> files() {
    List<String> rel = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir().resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
        String first = line.split("\t", 2)[0];
        if (!line.startsWith("relpath\t") && !first.isBlank()) {
          rel.add(first);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rel;
  }
}
