package io.testbed.plugins.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files for tests. */
public final class TestFiles {
  private TestFiles() {}

  /** Writes {@code content} to {@code root/relative}, making the directories it needs. */
  public static Path write(Path root, String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }
}
