package io.testbed.plugins.dist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A release archive unpacked into an empty directory, run as a user would: the unpacked
 * {@code bin/testbed-plugins} as a process, in an environment built from nothing.
 */
final class Installed {
  static final String VERSION = System.getProperty("dist.version");
  static final Path TARGET = Path.of(System.getProperty("dist.dir"));
  static final String EXAMPLE = System.getProperty("dist.example");

  /** What the launcher itself runs; no java among them. */
  private static final String[] TOOLS = {
    "sh", "readlink", "dirname", "basename", "sed", "stat", "tr", "cut", "mkdir", "rm", "mv", "ln", "cat",
    "cksum"
  };

  record Run(int exit, String out) {}

  final Path home;
  final Map<String, String> env = new HashMap<>();

  private Installed(Path home) {
    this.home = home;
  }

  /**
   * Unpacks {@code testbed-plugins-VERSION[-classifier].tar.gz} into {@code dir/unpacked}, with an
   * environment that has no java on the PATH, no JAVA_HOME, an empty JDK root, a new HOME.
   */
  static Installed unpack(String classifier, Path dir) throws IOException, InterruptedException {
    String name = "testbed-plugins-" + VERSION + (classifier == null ? "" : "-" + classifier) + ".tar.gz";
    Path archive = TARGET.resolve(name);
    if (!Files.isRegularFile(archive)) {
      throw new AssertionError(archive + " not found: run mvn package first");
    }
    Path into = Files.createDirectories(dir.resolve("unpacked"));
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
        .inheritIO().start();
    if (tar.waitFor() != 0) {
      throw new AssertionError("tar -xzf " + archive + " failed");
    }
    Installed installed = new Installed(into.resolve("testbed-plugins-" + VERSION));
    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : TOOLS) {
      Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
      Files.createSymbolicLink(tools.resolve(tool), real);
    }
    installed.env.put("PATH", tools.toString());
    installed.env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
    installed.env.put("TESTBED_PLUGINS_JDK_ROOTS", Files.createDirectories(dir.resolve("no-jdks")).toString());
    installed.env.put("LANG", "C.UTF-8");
    return installed;
  }

  Path launcher() {
    return home.resolve("bin/testbed-plugins");
  }

  /** Runs {@code command} (an executable, then its arguments) in {@code env}, output and errors together. */
  Run exec(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path out = Files.createTempFile("installed", ".out");
    try {
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("did not finish in 2 minutes: " + command);
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** What a run wrote on stdout and on stderr, apart. */
  record Apart(int exit, String out, String err) {}

  /** Runs the unpacked launcher with {@code args}, its stdout and stderr apart. */
  Apart runApart(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(launcher().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path out = Files.createTempFile("installed", ".out");
    Path err = Files.createTempFile("installed", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("did not finish in 2 minutes: " + command);
      }
      return new Apart(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Runs the unpacked launcher with {@code args}. */
  Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(launcher().toString()));
    command.addAll(List.of(args));
    return exec(command);
  }
}
