package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/testbed-plugins} as a process on the packaged jar: which JVM it picks and which start-up
 * cache it makes and reuses.
 */
class LauncherIT {
  private static final Path SCRIPT = Path.of(System.getProperty("launcher.script"));
  private static final Path JAR = Path.of(System.getProperty("launcher.jar"));
  private static final String COMPOSE = System.getProperty("launcher.example");
  private static final Path JDKS = Path.of("/usr/lib/jvm");
  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

  @TempDir Path tmp;

  record Run(int exit, String out) {}

  @Test
  void picksTheNewestJdk25AndReusesTheAotCacheItsFirstRealRunTrained() throws Exception {
    Optional<Integer> newest = newestJdk(JDKS).filter(v -> v >= 25);
    assumeTrue(newest.isPresent(), "no JDK 25 or later under " + JDKS);
    Map<String, String> env = env(JDKS.toString());

    assertThat(run(env, "--version").out()).contains("Java " + newest.get() + ".");
    assertThat(run(env, "configure", "--help").exit()).isZero();
    assertThat(run(env, "compose", "workers", "--no-such-option").exit()).isEqualTo(2);
    assertThat(cacheFiles()).as("--version, --help and usage errors train nothing").isEmpty();

    Run first = run(env, "compose", "workers", "--compose", COMPOSE);
    assertThat(first.exit()).isZero();
    assertThat(first.out()).as("the JVM's notes stay off the output").doesNotContain("AOT");
    List<Path> caches = cacheFiles();
    assertThat(caches).singleElement().satisfies(p ->
        assertThat(p.getFileName().toString()).startsWith("compose-jdk" + newest.get() + "-").endsWith(".aot"));
    FileTime made = Files.getLastModifiedTime(caches.get(0));

    Map<String, String> logging = new HashMap<>(env);
    logging.put("JAVA_OPTS", "-Xlog:aot=info");
    Run second = run(logging, "compose", "workers", "--compose", COMPOSE);
    assertThat(second.exit()).isZero();
    assertThat(second.out()).contains("Opened AOT cache " + caches.get(0)).contains(first.out());
    assertThat(cacheFiles()).containsExactlyElementsOf(caches);
    assertThat(Files.getLastModifiedTime(caches.get(0))).isEqualTo(made);
  }

  @Test
  void testbedPluginsJavaComesFirst() throws Exception {
    Map<String, String> env = env(JDKS.toString());
    env.put("TESTBED_PLUGINS_JAVA", System.getProperty("java.home"));
    env.put("JAVA_HOME", tmp.resolve("no-such-jdk").toString());

    assertThat(run(env, "--version").out()).contains("Java " + Runtime.version().feature() + ".");
  }

  @Test
  void fallsBackToJavaOnThePathWithAnAppCdsArchiveWhereNoJdk25IsInstalled() throws Exception {
    assumeTrue(Runtime.version().feature() < 25, "the test JVM itself is a JDK 25");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    Map<String, String> env = env(Files.createDirectories(tmp.resolve("no-jdks")).toString());
    env.put("PATH", bin + ":/usr/bin:/bin");

    assertThat(run(env, "--version").out()).contains("Java " + Runtime.version().feature() + ".");
    Run first = run(env, "compose", "workers", "--compose", COMPOSE);
    assertThat(first.exit()).isZero();
    List<Path> caches = cacheFiles();
    assertThat(caches).singleElement().satisfies(p ->
        assertThat(p.getFileName().toString())
            .startsWith("compose-jdk" + Runtime.version().feature() + "-").endsWith(".jsa"));

    Run second = run(env, "compose", "workers", "--compose", COMPOSE);
    assertThat(second.exit()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(cacheFiles()).containsExactlyElementsOf(caches);
  }

  /** The newest feature version among the JDKs in {@code root}, from their release files. */
  private static Optional<Integer> newestJdk(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> jdks = Files.list(root)) {
      return jdks.map(jdk -> jdk.resolve("release"))
          .filter(Files::isReadable)
          .map(LauncherIT::feature)
          .flatMap(Optional::stream)
          .max(Integer::compare);
    }
  }

  private static Optional<Integer> feature(Path release) {
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.ISO_8859_1));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Map<String, String> env(String jdkRoots) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("JAVA_HOME");
    env.remove("TESTBED_PLUGINS_JAVA");
    env.remove("JAVA_OPTS");
    env.remove("TESTBED_PLUGINS_CDS");
    env.put("TESTBED_PLUGINS_JDK_ROOTS", jdkRoots);
    env.put("TESTBED_PLUGINS_JAR", JAR.toString());
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    return env;
  }

  private List<Path> cacheFiles() throws IOException {
    Path dir = tmp.resolve("cache/testbed-plugins");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Path out = tmp.resolve("out.txt");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("launcher did not finish in 2 minutes: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
