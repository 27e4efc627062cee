package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeFile;
import java.nio.file.Path;
import java.util.Map;

/**
 * A write in a process of its own (so a test can run it as another user): sets {@code X=1} in
 * every service of the file named by the first argument, keeping a backup, and prints the warnings.
 */
final class WriteAsProcess {
  private WriteAsProcess() {}

  public static void main(String[] args) {
    ComposeFile file = ComposeFile.read(Path.of(args[0]));
    ComposePlan plan = EnvEdit.plan(file, file.serviceNames(), Map.of("X", "1"));
    ComposeWriter.write(plan, true).warnings().forEach(System.out::println);
  }
}
